import JSONSchema
import Testing

@Suite("Exact numbers")
struct JSONNumberTests {
    @Test func integralDecimalsAreIntegers() throws {
        let one = try #require(JSONNumber(parsing: "1.0"))
        #expect(one == JSONNumber(1))
        #expect(one.isInteger)
        #expect(one.int64Value == 1)
        #expect(JSONNumber(parsing: "1e2")?.int64Value == 100)
        #expect(JSONNumber(parsing: "-0")?.int64Value == 0)
        #expect(JSONNumber(parsing: "1.5")?.isInteger == false)
        #expect(JSONValue.number(one).typeName == "integer")
    }

    @Test func bigNumbersStayExact() throws {
        let big = try #require(JSONNumber(parsing: "12345678901234567890123456789"))
        #expect(big.isInteger)
        #expect(big.int64Value == nil)
        #expect(big.description == "12345678901234567890123456789")
        let bigger = try #require(JSONNumber(parsing: "12345678901234567890123456790"))
        #expect(big < bigger)  // differ beyond Double precision
        #expect(big.doubleValue == bigger.doubleValue)
        #expect(JSONNumber(parsing: "1e400")?.description == "1e+400")
        #expect(JSONNumber(parsing: "0.000001")?.description == "0.000001")
        #expect(JSONNumber(parsing: "1.50")?.description == "1.5")
    }

    @Test func comparesExactly() throws {
        let a = try #require(JSONNumber(parsing: "972783798187987123879878123.18878137"))
        let b = try #require(JSONNumber(parsing: "972783798187987123879878123.188781371"))
        #expect(a < b)
        #expect(JSONNumber(-3) < JSONNumber(parsing: "-2.5")!)
        #expect(JSONNumber(parsing: "2.0")! == JSONNumber(2))
    }

    @Test func multipleOfIsExactForDecimals() throws {
        #expect(JSONNumber(parsing: "0.0075")!.isMultiple(of: JSONNumber(parsing: "0.0001")!))
        #expect(!JSONNumber(parsing: "0.00751")!.isMultiple(of: JSONNumber(parsing: "0.0001")!))
        #expect(JSONNumber(parsing: "1e308")!.isMultiple(of: JSONNumber(parsing: "0.5")!))
        #expect(JSONNumber(10).isMultiple(of: JSONNumber(parsing: "2.5")!))
        #expect(!JSONNumber(7).isMultiple(of: JSONNumber(2)))
    }

    @Test func rejectsNonJSONNumberText() {
        for text in ["01", "1.", ".5", "+1", "1e", "NaN", "", "-"] {
            #expect(JSONNumber(parsing: text) == nil, "\(text)")
        }
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(Double(0.1))?.description == "0.1")
    }
}
