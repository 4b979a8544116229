#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The C library's read, write and close under names that do not clash with methods
// called `read`, `write` and `close` on the types that use them.
#if canImport(Glibc)
  let systemClose = Glibc.close
  let systemRead = Glibc.read
  let systemWrite = Glibc.write
#elseif canImport(Darwin)
  let systemClose = Darwin.close
  let systemRead = Darwin.read
  let systemWrite = Darwin.write
#endif
