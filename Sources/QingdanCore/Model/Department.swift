/// A county/city or prefecture department, as one entry across items.
public struct Department: Sendable, Hashable, Comparable {
  /// The normalised full name: "木垒县民政局".
  public var name: String
  /// The name as the catalogue wrote it: "县民政局", "昌吉人力资源和社会保障局".
  public var asWritten: String

  public init(name: String, asWritten: String) {
    self.name = name
    self.asWritten = asWritten
  }

  public static func < (lhs: Department, rhs: Department) -> Bool { lhs.name < rhs.name }
}
