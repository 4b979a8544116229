/// Whether two townships' answers to "who handles it" differ, on the one handler rule
/// (`Handler`): another role, or another set of departments. Departments are compared
/// without their county or prefecture (`DepartmentNames.withoutRegion`), so 木垒县民政局 and
/// 昌吉市民政局 are the same department of two counties.
public struct HandlerComparison: Sendable {
  public let a: Region
  public let b: Region

  public init(a: Region, b: Region) {
    self.a = a
    self.b = b
  }

  public func differ(_ x: Handler, _ y: Handler) -> Bool {
    x.role != y.role || !onlyInA(x, y).isEmpty || !onlyInB(x, y).isEmpty
  }

  /// Departments of `x` (in A) that `y` (in B) does not name.
  public func onlyInA(_ x: Handler, _ y: Handler) -> [Department] {
    let other = Set(y.departments.map { DepartmentNames.withoutRegion($0.name, region: b) })
    return x.departments.filter {
      !other.contains(DepartmentNames.withoutRegion($0.name, region: a))
    }
  }

  /// Departments of `y` (in B) that `x` (in A) does not name.
  public func onlyInB(_ x: Handler, _ y: Handler) -> [Department] {
    HandlerComparison(a: b, b: a).onlyInA(y, x)
  }
}
