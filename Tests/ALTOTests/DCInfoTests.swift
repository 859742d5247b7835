import ALTO
import Foundation
import Testing

@Suite("DC info: the draft's messages, altoplace's own shape, and refusals naming the field")
struct DCInfoTests {
    static func parse(_ text: String) throws -> [DCInfo] {
        try DCInfoReport.parse(try JSONValue.parse(Array(text.utf8)))
    }

    static func refusal(_ text: String) -> ALTOError? {
        do {
            _ = try parse(text)
            return nil
        } catch let error as ALTOError {
            return error
        } catch {
            return nil
        }
    }

    /// draft-lee-alto-ext-dc-resource-03 §4.1, as printed (its ". . ." lines aside).
    static let draftExample = """
        {
          "meta" : {},
          "dc-info"   : {
          "vtag"      : ["1266506139"],
          "dcid"      : 1,
          "addr"      : ["ipv4: 10.18.51.151"],
          "timestamp" : "02 January 2014 0000H UTC",
          "ramusage"  : 60,
          "srvload"   : 25,
          "cost"      : 10
           }
        }
        """

    @Test("the draft's §4.1 document is accepted as printed, and its dcid stays a number")
    func draftExampleIsAccepted() throws {
        let reports = try Self.parse(Self.draftExample)
        #expect(reports.count == 1)
        let info = reports[0]
        #expect(info.dcid.isNumber && info.dcid.text == "1")
        #expect(info.addr == [IPAddress(plain: "10.18.51.151")!])
        #expect(info.addrIsList)
        #expect(info.timestamp == "02 January 2014 0000H UTC")
        #expect(info.ramusage == 60 && info.srvload == 25 && info.cost == 10 && info.powerusage == nil)
        #expect(info.json.hasPrefix(#"{"dcid":1,"addr":["ipv4:10.18.51.151"],"timestamp":"02 January 2014 0000H UTC""#))
        #expect(DCTimestamp.parse(info.timestamp) == Date(timeIntervalSince1970: 1_388_620_800))
    }

    @Test("addr without the space, a plain address, a string dcid and RFC 3339 time are altoplace's own shape")
    func ownShapeStillWorks() throws {
        let info = try Self.parse(
            #"{"dcid": "edge-1", "addr": "10.0.1.5", "timestamp": "2026-11-23T17:00:00Z", "ramusage": 1, "srvload": 2, "powerusage": 3, "cost": 4}"#
        )[0]
        #expect(!info.dcid.isNumber && info.dcid.text == "edge-1")
        #expect(info.json.hasPrefix(#"{"dcid":"edge-1","addr":"10.0.1.5","timestamp":"2026-11-23T17:00:00Z""#))
        let typed = try Self.parse(
            #"{"meta": {}, "dc-info": {"dcid": 7, "addr": ["ipv4:10.0.1.5", "ipv6: 2001:db8::1"], "ramusage": 1, "srvload": 2, "cost": 4}}"#
        )[0]
        #expect(typed.addr.map(\.typedDescription) == ["ipv4:10.0.1.5", "ipv6:2001:db8::1"])
    }

    @Test("unknown members are kept and given back; the known extensions are checked")
    func extensionsAreKept() throws {
        let info = try Self.parse(
            #"{"dcid": 2, "addr": "10.0.0.1", "ramusage": 1, "srvload": 2, "cost": 3, "gpuusage": 40, "rack": {"row": "B"}, "carbonintensity": 250, "capacity": {"cpu": 64}}"#
        )[0]
        #expect(info.extensions["gpuusage"] == .number(40))
        #expect(info.json.contains(#""gpuusage":40"#) && info.json.contains(#""rack":{"row":"B"}"#))
        #expect(info.carbonintensity == 250 && info.capacity == DataCenterCapacity(cpu: 64))
        // A round trip through the stored text gives the same report and vtag.
        let again = try DCInfo(json: try JSONValue.parse(Array(("{" + info.fieldsJSON + "}").utf8)))
        #expect(again == info && again.vtag == info.vtag)
    }

    @Test(
        "bad values are refused with the RFC 7285 error naming the field",
        arguments: [
            (
                #"{"meta": {}, "dc-info": {"addr": "10.0.0.1", "ramusage": 1, "srvload": 1, "cost": 1}}"#,
                "E_MISSING_FIELD", "dc-info/dcid"
            ),
            (
                #"{"dcid": 1.5, "addr": "10.0.0.1", "ramusage": 1, "srvload": 1, "cost": 1}"#, "E_INVALID_FIELD_VALUE",
                "dcid"
            ),
            (
                #"{"dcid": -1, "addr": "10.0.0.1", "ramusage": 1, "srvload": 1, "cost": 1}"#, "E_INVALID_FIELD_VALUE",
                "dcid"
            ),
            (
                #"{"dcid": true, "addr": "10.0.0.1", "ramusage": 1, "srvload": 1, "cost": 1}"#, "E_INVALID_FIELD_TYPE",
                "dcid"
            ),
            (
                #"{"dcid": 1, "addr": ["ipv4: 10.0.0.300"], "ramusage": 1, "srvload": 1, "cost": 1}"#,
                "E_INVALID_FIELD_VALUE", "addr"
            ),
            (#"{"dcid": 1, "addr": [], "ramusage": 1, "srvload": 1, "cost": 1}"#, "E_INVALID_FIELD_VALUE", "addr"),
            (
                #"{"dcid": 1, "addr": "10.0.0.1", "timestamp": "32 January 2014 0000H UTC", "ramusage": 1, "srvload": 1, "cost": 1}"#,
                "E_INVALID_FIELD_VALUE", "timestamp"
            ),
            (
                #"{"dcid": 1, "addr": "10.0.0.1", "timestamp": "02 January 2014 2460H UTC", "ramusage": 1, "srvload": 1, "cost": 1}"#,
                "E_INVALID_FIELD_VALUE", "timestamp"
            ),
            (
                #"{"dcid": 1, "addr": "10.0.0.1", "ramusage": 101, "srvload": 1, "cost": 1}"#, "E_INVALID_FIELD_VALUE",
                "ramusage"
            ),
            (
                #"{"dcid": 1, "addr": "10.0.0.1", "ramusage": 1, "srvload": 1, "powerusage": -0, "cost": 1}"#,
                "E_INVALID_FIELD_VALUE", "powerusage"
            ),
            (
                #"{"dcid": 1, "addr": "10.0.0.1", "ramusage": 1, "srvload": 1, "cost": 1, "vtag": 5}"#,
                "E_INVALID_FIELD_TYPE", "vtag"
            ),
            (
                #"{"dcid": 1, "addr": "10.0.0.1", "ramusage": 1, "srvload": 1, "cost": 1, "age": 5}"#,
                "E_INVALID_FIELD_VALUE", "age"
            ),
            (
                #"{"dcid": 1, "addr": "10.0.0.1", "ramusage": 1, "srvload": 1, "cost": 1, "capacity": {"gpu": 1}}"#,
                "E_INVALID_FIELD_VALUE", "capacity/gpu"
            ),
            (
                #"{"dcid": 1, "addr": "10.0.0.1", "ramusage": 1, "srvload": 1, "cost": 1, "carbonintensity": "low"}"#,
                "E_INVALID_FIELD_TYPE", "carbonintensity"
            ),
            (
                #"{"meta": {}, "dc-info": [{"dcid": 1, "addr": "10.0.0.1", "ramusage": 1, "srvload": 1, "cost": 1}, {"dcid": 2, "addr": "10.0.0.1", "ramusage": 1, "srvload": 1}]}"#,
                "E_MISSING_FIELD", "dc-info/1/cost"
            ),
            (#"{"meta": {}, "dc-info": "x"}"#, "E_INVALID_FIELD_TYPE", "dc-info"),
        ])
    func badValuesAreRefused(body: String, code: String, field: String) {
        let error = Self.refusal(body)
        #expect(error?.code.rawValue == code, "\(body)")
        #expect(error?.field == field, "\(body)")
    }

    @Test("the vtag shapes a report may carry: a string, the draft's list, an RFC 7285 version tag")
    func vtagShapes() throws {
        for vtag in [#""abc""#, #"["1266506139"]"#, #"{"resource-id": "dc-info", "tag": "x"}"#] {
            let info = try Self.parse(
                #"{"dcid": 1, "addr": "10.0.0.1", "ramusage": 1, "srvload": 1, "cost": 1, "vtag": \#(vtag)}"#)[0]
            #expect(info.extensions["vtag"] == nil)
        }
    }

    @Test("an agent's answer drops the server's age and stale, and may be empty")
    func serverAnswers() throws {
        let text =
            #"{"meta":{"vtag":{"resource-id":"dc-info","tag":"t"}},"dc-info":{"dcid":1,"addr":"10.0.0.1","ramusage":1,"srvload":1,"cost":1,"vtag":"v","age":3.5,"stale":false}}"#
        let reports = try DCInfoReport.parse(try JSONValue.parse(Array(text.utf8)), fromServer: true)
        #expect(reports.count == 1 && reports[0].extensions.isEmpty)
        #expect(
            try DCInfoReport.parse(try JSONValue.parse(Array(#"{"meta":{},"dc-info":[]}"#.utf8)), fromServer: true)
                .isEmpty)
    }
}
