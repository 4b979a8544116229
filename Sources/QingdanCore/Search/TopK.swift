/// Top-k collectors, as tantivy's `collector/top_score_collector.rs`: the ranking offers
/// scores as it goes and keeps only the best `capacity`.

/// The `capacity` best (item, score) entries seen, best first; ties go to the lower item.
struct TopItems {
  private(set) var entries: [(item: ItemPosition, score: Float)] = []
  let capacity: Int

  init(capacity: Int) {
    self.capacity = max(1, capacity)
    entries.reserveCapacity(self.capacity + 1)
  }

  var isFull: Bool { entries.count == capacity }
  var smallest: Float { entries.last?.score ?? 0 }

  mutating func insert(item: ItemPosition, score: Float) {
    let slot = entries.lowerBound { entry in
      entry.score > score || (entry.score == score && entry.item < item)
    }
    guard slot < capacity else { return }
    entries.insert((item, score), at: slot)
    if entries.count > capacity { entries.removeLast() }
  }
}

/// The `capacity` largest scores seen, as a min-heap: the smallest of them is the bar a
/// score must clear to be among the best.
struct TopScores {
  private var heap: [Float] = []
  let capacity: Int

  init(capacity: Int) {
    self.capacity = max(1, capacity)
    heap.reserveCapacity(self.capacity)
  }

  var isFull: Bool { heap.count == capacity }
  var smallest: Float { heap.first ?? 0 }

  /// Offers `score` `count` times (a document standing for several items).
  mutating func offer(_ score: Float, times count: Int) {
    for _ in 0..<count {
      // Once full, a score no better than the smallest changes nothing, now or again.
      if isFull, score <= heap[0] { return }
      offer(score)
    }
  }

  mutating func offer(_ score: Float) {
    if heap.count < capacity {
      heap.append(score)
      siftUp(from: heap.count - 1)
    } else if score > heap[0] {
      heap[0] = score
      siftDown(from: 0)
    }
  }

  private mutating func siftUp(from start: Int) {
    var child = start
    while child > 0 {
      let parent = (child - 1) / 2
      guard heap[child] < heap[parent] else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  private mutating func siftDown(from start: Int) {
    var parent = start
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var smallest = parent
      if left < heap.count, heap[left] < heap[smallest] { smallest = left }
      if right < heap.count, heap[right] < heap[smallest] { smallest = right }
      guard smallest != parent else { return }
      heap.swapAt(parent, smallest)
      parent = smallest
    }
  }
}
