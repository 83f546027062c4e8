import NIOCore
import NIOHTTP1

/// HTTP/1.1 responses written straight into one buffer: status line, the SDK's few headers, body.
///
/// The plugin server writes every response itself (it knows all its headers), so NIO's response encoder and its
/// per-part pipeline writes are not needed: a small response is one buffer and one `writev` entry.
enum ResponseBytes {
    /// A complete response with a `content-length` body (the body left out for `HEAD`).
    static func response(
        status: Int,
        version: HTTPVersion,
        contentType: String,
        body: [UInt8],
        includeBody: Bool,
        keepAlive: Bool,
        allow: String?,
        allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 128 + (includeBody ? body.count : 0))
        writeStatusLine(status: status, version: version, into: &buffer)
        buffer.writeStaticString("content-type: ")
        buffer.writeString(contentType)
        buffer.writeStaticString("\r\ncontent-length: ")
        buffer.writeString(String(body.count))
        if !keepAlive {
            buffer.writeStaticString("\r\nconnection: close")
        } else if version.major == 1 && version.minor == 0 {
            // HTTP/1.0 closes after a response unless the response says otherwise.
            buffer.writeStaticString("\r\nconnection: keep-alive")
        }
        if let allow {
            buffer.writeStaticString("\r\nallow: ")
            buffer.writeString(allow)
        }
        buffer.writeStaticString("\r\n\r\n")
        if includeBody { buffer.writeBytes(body) }
        return buffer
    }

    /// The head of the chunked `application/x-ndjson` events stream.
    static func eventStreamHead(version: HTTPVersion, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 128)
        writeStatusLine(status: 200, version: version, into: &buffer)
        buffer.writeStaticString("content-type: application/x-ndjson\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n")
        return buffer
    }

    /// One chunk of a chunked body.
    static func chunk(_ bytes: [UInt8], allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: bytes.count + 16)
        buffer.writeString(String(bytes.count, radix: 16))
        buffer.writeStaticString("\r\n")
        buffer.writeBytes(bytes)
        buffer.writeStaticString("\r\n")
        return buffer
    }

    /// The end of a chunked body.
    static func lastChunk(allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 5)
        buffer.writeStaticString("0\r\n\r\n")
        return buffer
    }

    private static func writeStatusLine(status: Int, version: HTTPVersion, into buffer: inout ByteBuffer) {
        if version.major == 1 && version.minor == 1 {
            buffer.writeStaticString("HTTP/1.1 ")
        } else {
            buffer.writeString("HTTP/\(version.major).\(version.minor) ")
        }
        if status == 200 {
            buffer.writeStaticString("200 OK\r\n")
        } else {
            buffer.writeString("\(status) \(HTTPResponseStatus(statusCode: status).reasonPhrase)\r\n")
        }
    }
}
