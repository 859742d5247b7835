import ALTO
import Matrix
import Testing
import Topology

@Suite("Content negotiation")
struct ALTOMediaTypeTests {
    @Test("Accept admits exact types with parameters, wildcards, and refuses q=0 and others")
    func accepts() {
        let type = ALTOMediaType.costMap
        #expect(ALTOMediaType.accepts(nil, type))
        #expect(ALTOMediaType.accepts("application/alto-costmap+json; charset=utf-8", type))
        #expect(ALTOMediaType.accepts("application/alto-costmap+json,application/alto-error+json", type))
        #expect(ALTOMediaType.accepts("*/*", type))
        #expect(ALTOMediaType.accepts("application/*;q=0.5", type))
        #expect(!ALTOMediaType.accepts("application/alto-networkmap+json", type))
        #expect(!ALTOMediaType.accepts("application/alto-costmap+json;q=0, */*", type))
        #expect(!ALTOMediaType.accepts("text/html", type))
    }

    @Test("Content-Type parameters and case are ignored")
    func essence() {
        #expect(
            ALTOMediaType.essence("Application/ALTO-CostMapFilter+JSON ; charset=UTF-8") == ALTOMediaType.costMapFilter)
    }

    @Test("constraints parse only as operator, space, number")
    func constraints() {
        #expect(CostConstraint("le 10") == CostConstraint(op: .le, value: 10))
        #expect(CostConstraint("gt -1.5")?.isMet(by: 0) == true)
        #expect(CostConstraint("eq 3")?.isMet(by: 3.5) == false)
        #expect(CostConstraint("le") == nil)
        #expect(CostConstraint("lte 3") == nil)
        #expect(CostConstraint("le  3") == nil)
        #expect(CostConstraint("le nan") == nil)
    }
}
