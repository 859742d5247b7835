/// The topology `altoplace serve` starts with when neither the store nor the flags give
/// one: a copy of `Data/topologies/metro-edge.json` (a test keeps the two equal), built
/// into the binary so the server runs from any directory.
public enum BundledTopology {
    /// The file name it is reported under.
    public static let name = "Data/topologies/metro-edge.json"

    /// The file's text.
    public static let json = """
        {
          "directed": false,
          "nodes": [
            {"id": "core-1", "label": "Core DC Harbour", "latitude": 45.7640, "longitude": 4.8357},
            {"id": "core-2", "label": "Core DC Airport", "latitude": 45.7256, "longitude": 5.0811},
            {"id": "agg-north", "label": "Aggregation North", "latitude": 45.8100, "longitude": 4.8500},
            {"id": "agg-south", "label": "Aggregation South", "latitude": 45.7000, "longitude": 4.8700},
            {"id": "agg-east", "label": "Aggregation East", "latitude": 45.7700, "longitude": 4.9600},
            {"id": "agg-west", "label": "Aggregation West", "latitude": 45.7600, "longitude": 4.7700},
            {"id": "edge-n1", "label": "Edge North 1 (campus)", "latitude": 45.8400, "longitude": 4.8200},
            {"id": "edge-n2", "label": "Edge North 2 (stadium)", "latitude": 45.8300, "longitude": 4.8900},
            {"id": "edge-s1", "label": "Edge South 1 (hospital)", "latitude": 45.6700, "longitude": 4.8400},
            {"id": "edge-s2", "label": "Edge South 2 (port)", "latitude": 45.6600, "longitude": 4.9000},
            {"id": "edge-e1", "label": "Edge East 1 (business park)", "latitude": 45.7800, "longitude": 5.0200},
            {"id": "edge-w1", "label": "Edge West 1 (old town)", "latitude": 45.7550, "longitude": 4.7300}
          ],
          "links": [
            {"source": "core-1", "target": "core-2", "delay": 0.3, "bandwidth": 400000},
            {"source": "core-1", "target": "agg-north", "delay": 0.4, "bandwidth": 100000},
            {"source": "core-1", "target": "agg-west", "delay": 0.5, "bandwidth": 100000},
            {"source": "core-1", "target": "agg-east", "delay": 0.7, "bandwidth": 100000},
            {"source": "core-2", "target": "agg-south", "delay": 0.4, "bandwidth": 100000},
            {"source": "core-2", "target": "agg-east", "delay": 0.5, "bandwidth": 100000},
            {"source": "core-2", "target": "agg-north", "delay": 0.6, "bandwidth": 100000},
            {"source": "agg-west", "target": "agg-south", "delay": 0.9, "bandwidth": 40000},
            {"source": "agg-north", "target": "edge-n1", "delay": 0.8, "bandwidth": 10000},
            {"source": "agg-north", "target": "edge-n2", "delay": 1.1, "bandwidth": 10000},
            {"source": "agg-south", "target": "edge-s1", "delay": 0.9, "bandwidth": 10000},
            {"source": "agg-south", "target": "edge-s2", "delay": 1.3, "bandwidth": 10000},
            {"source": "agg-east", "target": "edge-e1", "delay": 1.0, "bandwidth": 10000},
            {"source": "agg-west", "target": "edge-w1", "delay": 1.2, "bandwidth": 10000},
            {"source": "edge-n1", "target": "edge-n2", "delay": 0.5, "bandwidth": 1000},
            {"source": "edge-s1", "target": "edge-s2", "delay": 0.6, "bandwidth": 1000}
          ]
        }
        """
}
