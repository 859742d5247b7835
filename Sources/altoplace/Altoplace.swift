import ArgumentParser

@main
struct Altoplace: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "ALTO network maps and joint function placement.")
}
