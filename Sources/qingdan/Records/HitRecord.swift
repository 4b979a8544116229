import QingdanCore

/// The JSON shape of a hit: the item's summary fields (`ItemRecord.Summary`) and the
/// search's own. Field names are stable.
struct HitRecord: Encodable {
  var item: ItemRecord
  var score: Double
  /// Clears the confidence floor (`SearchHit.isConfident`).
  var confident: Bool
  var matches: [MatchRecord]
  var snippet: SnippetRecord?

  struct MatchRecord: Encodable {
    var field: String
    /// [start, end) character offsets into the field's text.
    var spans: [[Int]]
  }

  struct SnippetRecord: Encodable {
    var field: String
    var text: String
    var spans: [[Int]]
  }

  private enum CodingKeys: String, CodingKey {
    case score, confident, answer, matches, snippet
  }

  init(_ hit: SearchHit, sources: SourceFiles) {
    item = sources.record(hit.item)
    score = (hit.score * 1000).rounded() / 1000
    confident = hit.isConfident
    matches = hit.matches.map {
      MatchRecord(field: $0.field.rawValue, spans: $0.spans.map { [$0.lowerBound, $0.upperBound] })
    }
    snippet = hit.snippet.map {
      SnippetRecord(
        field: $0.field.rawValue, text: $0.text,
        spans: $0.spans.map { [$0.lowerBound, $0.upperBound] })
    }
  }

  func encode(to encoder: any Encoder) throws {
    try item.summary.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(score, forKey: .score)
    try container.encode(confident, forKey: .confident)
    try container.encode(item.handler.answer, forKey: .answer)
    try container.encode(matches, forKey: .matches)
    try container.encodeIfPresent(snippet, forKey: .snippet)
  }
}
