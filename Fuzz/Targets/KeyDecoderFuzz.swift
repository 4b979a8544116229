/// libFuzzer target: any bytes as a batch of what curses read. Each input is a tag byte then
/// a 4-byte little-endian value: tag bit 0 picks a character code or a key code; bit 1 a
/// mouse button state instead. Decoding must never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  let decoder = KeyDecoder()
  var batch: [RawInput] = []
  var index = 0
  while index + 5 <= bytes.count {
    let tag = bytes[index]
    var value: UInt32 = 0
    for offset in 0..<4 { value |= UInt32(bytes[index + 1 + offset]) << (8 * offset) }
    index += 5
    if tag & 0x02 != 0 {
      if let kind = decoder.mouseKind(buttonState: UInt(value)) {
        batch.append(.event(.mouse(MouseEvent(row: Int(tag), column: Int(value & 0xFF), kind: kind))))
      }
    } else if tag & 0x01 != 0 {
      batch.append(.keyCode(Int32(bitPattern: value)))
    } else {
      batch.append(.character(value))
    }
  }
  let events = decoder.events(from: batch)
  for event in events { _ = event.keys }
  return 0
}
