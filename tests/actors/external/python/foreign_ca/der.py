"""A few DER building blocks (X.690) for the CMP answers, and a reader that splits an element into
its children without re-encoding them (what a MAC or a signature covers must be the bytes that
travelled). Decoding of whole structures is pyasn1's (pyasn1_modules.rfc4210 and friends)."""

import datetime

SEQUENCE = 0x30
OCTET_STRING = 0x04
BIT_STRING = 0x03
INTEGER = 0x02
NULL = 0x05
OID = 0x06
UTF8_STRING = 0x0C
GENERALIZED_TIME = 0x18


def _length(n):
    if n < 0x80:
        return bytes([n])
    out = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(out)]) + out


def tlv(tag, content):
    return bytes([tag]) + _length(len(content)) + content


def seq(*parts):
    return tlv(SEQUENCE, b"".join(parts))


def integer(n):
    length = max(1, (n.bit_length() + 8) // 8)  # room for the sign bit
    return tlv(INTEGER, n.to_bytes(length, "big", signed=True))


def octets(data):
    return tlv(OCTET_STRING, bytes(data))


def bits(data, unused=0):
    return tlv(BIT_STRING, bytes([unused]) + bytes(data))


def named_bit(bit):
    """A NamedBitList BIT STRING with one bit set (DER: no trailing zero bits), e.g. the
    PKIFailureInfo of a refusal."""
    data = bytearray(bit // 8 + 1)
    data[bit // 8] |= 0x80 >> (bit % 8)
    return bits(bytes(data), 7 - bit % 8)


def null():
    return b"\x05\x00"


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    out = bytearray([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        out.extend(reversed(chunk))
    return tlv(OID, bytes(out))


def utf8(text):
    return tlv(UTF8_STRING, text.encode("utf-8"))


def generalized_time(unix_seconds):
    moment = datetime.datetime.fromtimestamp(unix_seconds, tz=datetime.timezone.utc)
    return tlv(GENERALIZED_TIME, moment.strftime("%Y%m%d%H%M%SZ").encode("ascii"))


def explicit(number, inner):
    """[number] EXPLICIT (context-specific, constructed; numbers below 31)."""
    return tlv(0xA0 | number, inner)


def read(data, pos=0):
    """The element at `pos`: (tag byte, start of its content, end of the element). Raises
    ValueError on anything that is not a definite-length DER element inside `data`."""
    if pos + 2 > len(data):
        raise ValueError("truncated DER element")
    tag = data[pos]
    if tag & 0x1F == 0x1F:
        raise ValueError("multi-byte tags are not used by CMP")
    first = data[pos + 1]
    start = pos + 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or start + count > len(data):
            raise ValueError("bad DER length")
        length = int.from_bytes(data[start:start + count], "big")
        start += count
    end = start + length
    if end > len(data):
        raise ValueError("DER element longer than its container")
    return tag, start, end


def children(data):
    """The raw children of the constructed element `data` (tag and length included), in order."""
    _, pos, end = read(data)
    out = []
    while pos < end:
        _, _, child_end = read(data, pos)
        out.append(bytes(data[pos:child_end]))
        pos = child_end
    return out


def content(data):
    """The content octets of the element `data`."""
    _, start, end = read(data)
    return bytes(data[start:end])
