import QingdanCore

/// One item in a list: enough to choose it and to see who handles it.
struct ItemSummary: Encodable {
  var item: ItemRecord

  private enum CodingKeys: String, CodingKey { case answer }

  func encode(to encoder: any Encoder) throws {
    try item.summary.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(item.handler.answer, forKey: .answer)
  }
}
