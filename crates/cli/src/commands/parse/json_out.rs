//! JSON text written by hand, exactly as `serde_json` writes it: values, integers two digits at a
//! time, strings escaped a word at a time.

use gwlog_core::line::FieldValue;

/// A typed value as JSON: `null`, a number or a string.
pub(super) fn write_value(out: &mut Vec<u8>, value: &FieldValue<'_>) {
    match value {
        FieldValue::Null => out.extend_from_slice(b"null"),
        FieldValue::Integer(number) => {
            if *number < 0 {
                out.push(b'-');
            }
            write_u64(out, number.unsigned_abs());
        }
        FieldValue::Text(text) => write_str(out, text),
    }
}

/// Decimal digits of `number`, two at a time, in 32 bits when it fits: at the size-optimised
/// release profile, every division is a real `div` instruction.
pub(super) fn write_u64(out: &mut Vec<u8>, number: u64) {
    /// "00", "01", …, "99".
    const PAIRS: [u8; 200] = {
        let mut pairs = [0u8; 200];
        let mut n = 0;
        while n < 100 {
            pairs[2 * n] = b'0' + (n / 10) as u8;
            pairs[2 * n + 1] = b'0' + (n % 10) as u8;
            n += 1;
        }
        pairs
    };
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut wide = number;
    while wide > u64::from(u32::MAX) {
        start -= 1;
        digits[start] = b'0' + (wide % 10) as u8;
        wide /= 10;
    }
    let mut rest = wide as u32;
    while rest >= 100 {
        let pair = (rest % 100) as usize * 2;
        rest /= 100;
        start -= 2;
        digits[start] = PAIRS[pair];
        digits[start + 1] = PAIRS[pair + 1];
    }
    if rest >= 10 {
        let pair = rest as usize * 2;
        start -= 2;
        digits[start] = PAIRS[pair];
        digits[start + 1] = PAIRS[pair + 1];
    } else {
        start -= 1;
        digits[start] = b'0' + rest as u8;
    }
    out.extend_from_slice(&digits[start..]);
}

/// What `serde_json` writes for a byte inside a string: 0 for the byte itself, `u` for
/// `\u00XX`, or the letter after the backslash.
pub(super) const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

pub(super) const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
pub(super) const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// Whether any of the 8 bytes of `word` must be escaped: a control character, `"` or `\`.
#[inline(always)] // A few instructions, run for every word of every value.
pub(super) fn needs_escape(word: u64) -> bool {
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * u64::from(b'"'));
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (control | quote | backslash) & HIGHS != 0
}

/// `text` as a JSON string, escaped exactly as `serde_json` escapes it.
pub(super) fn write_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    write_escaped(out, text);
    out.push(b'"');
}

/// The inside of [`write_str`]: `text` escaped, without the quotes.
pub(super) fn write_escaped(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    if needs_no_escape(bytes) {
        out.extend_from_slice(bytes);
    } else {
        write_escaped_bytes(out, bytes);
    }
}

/// The 8 bytes of `chunk` (exactly 8 long) as one word.
pub(super) fn word_of(chunk: &[u8]) -> u64 {
    let mut bytes = [0; 8];
    bytes.copy_from_slice(chunk);
    u64::from_ne_bytes(bytes)
}

/// Whether no byte of `bytes` needs an escape, a word at a time (nearly every value).
pub(super) fn needs_no_escape(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    let word = word_of;
    if words.any(|chunk| needs_escape(word(chunk))) {
        return false;
    }
    // The last few bytes in a word of their own, padded with spaces (which need no escape).
    let mut last = [b' '; 8];
    for (slot, &byte) in last.iter_mut().zip(words.remainder()) {
        *slot = byte;
    }
    !needs_escape(u64::from_ne_bytes(last))
}

/// [`write_escaped`] for a value with something to escape.
pub(super) fn write_escaped_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut start = 0;
    let mut index = 0;
    while index < bytes.len() {
        // Skip whole words that need no escape, then look at the next word byte by byte.
        while let Some(chunk) = bytes.get(index..index + 8) {
            let word = word_of(chunk);
            if needs_escape(word) {
                break;
            }
            index += 8;
        }
        let end = (index + 8).min(bytes.len());
        while index < end {
            let byte = bytes[index];
            let escape = ESCAPE[usize::from(byte)];
            if escape != 0 {
                out.extend_from_slice(&bytes[start..index]);
                match escape {
                    b'u' => out.extend_from_slice(&[
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[usize::from(byte >> 4)],
                        HEX[usize::from(byte & 0xF)],
                    ]),
                    letter => out.extend_from_slice(&[b'\\', letter]),
                }
                start = index + 1;
            }
            index += 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
}
