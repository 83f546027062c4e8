import NIOCore
import NIOHTTP1

/// NIO's HTTP response decoder, without its habit of watching the requests written past it.
///
/// `HTTPResponseDecoder` learns which request each response answers (a `HEAD` response has no body) by observing
/// `HTTPClientRequestPart` writes, which makes its handler an outbound handler that only accepts those. The host
/// writes each request as one finished buffer instead, and tells the decoder about it directly
/// (``HTTPClientHandler``), so the decoder sits behind this inbound-only wrapper.
struct ResponseDecoding: ByteToMessageDecoder {
    typealias InboundOut = HTTPClientResponsePart

    let decoder: HTTPResponseDecoder

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        try decoder.decode(context: context, buffer: &buffer)
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decoder.decodeLast(context: context, buffer: &buffer, seenEOF: seenEOF)
    }

    mutating func decoderAdded(context: ChannelHandlerContext) {
        decoder.decoderAdded(context: context)
    }

    mutating func decoderRemoved(context: ChannelHandlerContext) {
        decoder.decoderRemoved(context: context)
    }
}
