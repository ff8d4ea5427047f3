import Foundation

/// Milliseconds since the Unix epoch, UTC: the resolution Langfuse stores times in.
public typealias EpochMillis = Int64

extension EpochMillis {
    /// The current wall-clock time.
    public static var now: EpochMillis { EpochMillis(Date().timeIntervalSince1970 * 1000) }
}

/// Parses ISO-8601 / RFC 3339 date-times as SDKs send them.
///
/// Accepts `T` or a space between date and time, any number of fractional digits, `Z`, `±HH:MM`,
/// `±HHMM` or `±HH` offsets, and a bare date. A time without any offset is read as UTC (Python
/// SDK users pass naive datetimes; dropping their events would lose data). Hand-written because
/// `ISO8601DateFormatter` accepts one shape per configuration and is slow on the hot path.
public enum ISO8601 {
    public static func parse(_ text: String) -> EpochMillis? {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.digits(4), scanner.expect(UInt8(ascii: "-")),
              let month = scanner.digits(2), scanner.expect(UInt8(ascii: "-")),
              let day = scanner.digits(2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var millis = Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400_000
        if scanner.atEnd { return millis }
        guard scanner.expect(UInt8(ascii: "T")) || scanner.expect(UInt8(ascii: "t")) || scanner.expect(UInt8(ascii: " ")),
              let hour = scanner.digits(2), scanner.expect(UInt8(ascii: ":")),
              let minute = scanner.digits(2), hour < 24, minute < 60
        else { return nil }
        var second = 0
        if scanner.expect(UInt8(ascii: ":")) {
            guard let value = scanner.digits(2), value < 61 else { return nil }
            second = min(value, 59)
        }
        millis += Int64(hour * 3_600_000 + minute * 60_000 + second * 1000)
        if scanner.expect(UInt8(ascii: ".")) || scanner.expect(UInt8(ascii: ",")) {
            guard let fraction = scanner.fractionMillis() else { return nil }
            millis += Int64(fraction)
        }
        if scanner.atEnd { return millis }
        if scanner.expect(UInt8(ascii: "Z")) || scanner.expect(UInt8(ascii: "z")) {
            return scanner.atEnd ? millis : nil
        }
        let sign: Int64
        if scanner.expect(UInt8(ascii: "+")) { sign = 1 } else if scanner.expect(UInt8(ascii: "-")) { sign = -1 } else { return nil }
        guard let offsetHours = scanner.digits(2), offsetHours < 24 else { return nil }
        var offsetMinutes = 0
        if scanner.expect(UInt8(ascii: ":")) {
            guard let value = scanner.digits(2) else { return nil }
            offsetMinutes = value
        } else if let value = scanner.digits(2) {
            offsetMinutes = value
        }
        guard scanner.atEnd, offsetMinutes < 60 else { return nil }
        return millis - sign * Int64(offsetHours * 3_600_000 + offsetMinutes * 60_000)
    }

    /// Formats as `yyyy-MM-ddTHH:mm:ss.SSSZ`, the shape Langfuse's API returns.
    public static func format(_ millis: EpochMillis) -> String {
        let civil = CivilTime(millis)
        return "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T"
            + "\(pad(civil.hour, 2)):\(pad(civil.minute, 2)):\(pad(civil.second, 2)).\(pad(civil.millisecond, 3))Z"
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// A UTC calendar breakdown of an epoch time.
public struct CivilTime: Sendable {
    public let year, month, day, hour, minute, second, millisecond: Int

    public init(_ millis: EpochMillis) {
        let days = Int((millis >= 0 ? millis : millis - 86_399_999) / 86_400_000)
        let msOfDay = Int(millis - Int64(days) * 86_400_000)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        hour = msOfDay / 3_600_000
        minute = msOfDay / 60_000 % 60
        second = msOfDay / 1000 % 60
        millisecond = msOfDay % 1000
    }
}

private struct DigitScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func expect(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for offset in 0..<count {
            let byte = bytes[index + offset]
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        index += count
        return value
    }

    /// Reads one or more fractional digits and keeps the first three as milliseconds.
    mutating func fractionMillis() -> Int? {
        var millis = 0
        var count = 0
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            if count < 3 { millis = millis * 10 + Int(bytes[index] - 48) }
            count += 1
            index += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<max(count, 3) { millis *= 10 }
        return millis
    }
}
