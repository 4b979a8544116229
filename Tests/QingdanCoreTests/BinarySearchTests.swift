import Testing

@testable import QingdanCore

@Suite("Lower-bound binary search")
struct BinarySearchTests {
  @Test func emptyCollectionGivesItsEnd() {
    let empty: [Int] = []
    #expect(empty.lowerBound(of: 5) == 0)
    #expect(empty.lowerBound { _ in true } == 0)
    #expect(empty.sortedIndex(of: 5) == nil)
  }

  @Test func everyElementLessGivesTheEnd() {
    let values = [1, 2, 3]
    #expect(values.lowerBound(of: 10) == 3)
    #expect(values.sortedIndex(of: 10) == nil)
  }

  @Test func everyElementGreaterGivesTheStart() {
    let values = [4, 5, 6]
    #expect(values.lowerBound(of: 1) == 0)
    #expect(values.sortedIndex(of: 1) == nil)
  }

  @Test func duplicatesGiveTheFirstOfThem() {
    let values = [1, 3, 3, 3, 3, 7, 7, 9]
    #expect(values.lowerBound(of: 3) == 1)
    #expect(values.lowerBound(of: 7) == 5)
    #expect(values.sortedIndex(of: 7) == 5)
    #expect(values.lowerBound(of: 4) == 5)
    #expect(values.sortedIndex(of: 4) == nil)
    let same = [Int](repeating: 2, count: 17)
    #expect(same.lowerBound(of: 2) == 0)
    #expect(same.lowerBound(of: 3) == 17)
  }

  @Test func sliceIndicesAreTheSlices() {
    let values = [0, 10, 20, 30, 40, 50]
    let slice = values[2..<5]
    #expect(slice.lowerBound(of: 0) == 2)
    #expect(slice.lowerBound(of: 30) == 3)
    #expect(slice.lowerBound(of: 45) == 5)
    #expect(slice.sortedIndex(of: 50) == nil)
    #expect(slice.sortedIndex(of: 40) == 4)
  }

  @Test func predicateOverDescendingEntries() {
    // Best first, as the top-k list keeps them: "below" means "better than 0.5".
    let scores: [Float] = [0.9, 0.8, 0.5, 0.5, 0.2]
    #expect(scores.lowerBound { $0 > 0.5 } == 2)
    #expect(scores.lowerBound { $0 >= 0.5 } == 4)
  }

  @Test func agreesWithALinearScan() {
    var generator = SplitMix64(seed: 42)
    for _ in 0..<500 {
      let count = Int(generator.next() % 40)
      let values = (0..<count).map { _ in Int(generator.next() % 20) }.sorted()
      for key in -1...21 {
        let linear = values.firstIndex { $0 >= key } ?? values.endIndex
        #expect(values.lowerBound(of: key) == linear, "\(values) \(key)")
        #expect(values.sortedIndex(of: key) == values.firstIndex(of: key), "\(values) \(key)")
      }
    }
  }
}
