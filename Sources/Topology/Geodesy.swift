import Foundation

/// Great-circle geometry on a spherical Earth, for deriving link delays from coordinates.
enum Geodesy {
    /// Mean Earth radius in km (IUGG).
    static let earthRadius = 6371.0
    /// How far light travels in optical fibre per millisecond, in km: about 2/3 of c.
    static let fibreKilometresPerMillisecond = 200.0

    /// A point on the globe in decimal degrees.
    struct Position: Hashable {
        var latitude: Double
        var longitude: Double
    }

    /// Great-circle distance in km by the haversine formula:
    /// d = 2R·asin(√(sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2))).
    /// Well-conditioned for short distances, unlike the spherical law of cosines.
    static func distance(_ a: Position, _ b: Position) -> Double {
        let φ1 = radians(a.latitude), φ2 = radians(b.latitude)
        let Δφ = φ2 - φ1
        let Δλ = radians(b.longitude - a.longitude)
        let h = sin(Δφ / 2) * sin(Δφ / 2) + cos(φ1) * cos(φ2) * sin(Δλ / 2) * sin(Δλ / 2)
        return 2 * earthRadius * asin(min(1, h.squareRoot()))
    }

    /// Propagation delay in ms over the great circle from `a` to `b`.
    static func delay(_ a: Position, _ b: Position) -> Double {
        distance(a, b) / fibreKilometresPerMillisecond
    }

    /// The spherical mean of `points`: the normalised sum of their unit vectors, which
    /// unlike averaging degrees is right across the antimeridian. If the vectors cancel
    /// (for example two antipodes) there is no mean, and the first point is returned;
    /// one point is returned as it is.
    static func sphericalMean(_ points: [Position]) -> Position {
        precondition(!points.isEmpty, "the mean of no points")
        if points.count == 1 { return points[0] }  // exact, without a round trip through vectors
        var x = 0.0, y = 0.0, z = 0.0
        for point in points {
            let φ = radians(point.latitude), λ = radians(point.longitude)
            x += cos(φ) * cos(λ)
            y += cos(φ) * sin(λ)
            z += sin(φ)
        }
        let norm = (x * x + y * y + z * z).squareRoot()
        guard norm > 1e-9 * Double(points.count) else { return points[0] }
        return Position(
            latitude: degrees(asin(max(-1, min(1, z / norm)))),
            longitude: degrees(atan2(y, x)))
    }

    private static func radians(_ degrees: Double) -> Double { degrees * .pi / 180 }
    private static func degrees(_ radians: Double) -> Double { radians * 180 / .pi }
}
