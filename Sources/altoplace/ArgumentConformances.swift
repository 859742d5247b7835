public import ALTO
public import ArgumentParser
public import Matrix

// The library enums are parsed straight from the command line; their raw values are
// the option values. Only this module parses arguments, so no other conformance can
// clash.
extension CostMetric: ExpressibleByArgument {}
extension CostMode: ExpressibleByArgument {}
extension AllPairsEngine.Method: ExpressibleByArgument {}
