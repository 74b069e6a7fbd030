/**
 * The event-stream wire format as the fake sees it: split the request body by each message's
 * total length, unwrap the signed outer envelope, decode the inner `chunk`, and encode replies
 * (unsigned `chunk` events and lowerCamelCase exceptions, as the real service sends them).
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Reassembles event-stream messages from HTTP/2 DATA chunks (messages may span or share chunks). */
export class FrameSplitter {
  #pending: Buffer = Buffer.alloc(0);

  push(data: Buffer): Uint8Array[] {
    this.#pending = this.#pending.length === 0 ? data : Buffer.concat([this.#pending, data]);
    const frames: Uint8Array[] = [];
    while (this.#pending.length >= 4) {
      const total = this.#pending.readUInt32BE(0);
      if (total < 16) throw new Error(`invalid event-stream message length ${total}`);
      if (this.#pending.length < total) break;
      frames.push(this.#pending.subarray(0, total));
      this.#pending = this.#pending.subarray(total);
    }
    return frames;
  }
}

/** The signed envelope of one input frame, for signature checks. */
export interface Envelope {
  readonly date: Date | undefined;
  readonly signature: Uint8Array | undefined;
  readonly payload: Uint8Array;
}

export type DecodedInput =
  | { readonly kind: 'end'; readonly envelope: Envelope }
  | { readonly kind: 'event'; readonly json: string; readonly envelope: Envelope };

/** Decode one outer (signed) message. CRCs are checked by the codec. */
export function decodeInputFrame(frame: Uint8Array): DecodedInput {
  const outer = codec.decode(frame);
  const sig = outer.headers[':chunk-signature'];
  const date = outer.headers[':date'];
  const envelope: Envelope = {
    date: date?.type === 'timestamp' ? date.value : undefined,
    signature: sig?.type === 'binary' ? sig.value : undefined,
    payload: outer.body,
  };
  if (outer.body.byteLength === 0) return { kind: 'end', envelope };
  const inner = codec.decode(outer.body);
  const eventType = inner.headers[':event-type'];
  if (eventType?.type !== 'string' || eventType.value !== 'chunk') {
    throw new Error('input message is not a chunk event');
  }
  const payload = JSON.parse(toUtf8(inner.body)) as { bytes?: unknown };
  if (typeof payload.bytes !== 'string') throw new Error('chunk payload has no bytes');
  return {
    kind: 'event',
    json: Buffer.from(payload.bytes, 'base64').toString('utf8'),
    envelope,
  };
}

const str = (value: string) => ({ type: 'string' as const, value });

/** One unsigned output `chunk` carrying a Nova event object. */
export function encodeOutputEvent(event: unknown): Uint8Array {
  const bytes = Buffer.from(JSON.stringify(event)).toString('base64');
  return codec.encode({
    headers: {
      ':event-type': str('chunk'),
      ':message-type': str('event'),
      ':content-type': str('application/json'),
    },
    body: fromUtf8(JSON.stringify({ bytes })),
  });
}

/** The mid-stream exception types of the output union (lowerCamelCase, as the service sends them). */
export type StreamExceptionType =
  | 'validationException'
  | 'modelTimeoutException'
  | 'modelStreamErrorException'
  | 'throttlingException'
  | 'serviceUnavailableException'
  | 'internalServerException';

export function encodeException(type: StreamExceptionType, message: string): Uint8Array {
  const body: Record<string, unknown> = { message };
  if (type === 'modelStreamErrorException') {
    body['originalStatusCode'] = 500;
    body['originalMessage'] = message;
  }
  return codec.encode({
    headers: {
      ':message-type': str('exception'),
      ':exception-type': str(type),
      ':content-type': str('application/json'),
    },
    body: fromUtf8(JSON.stringify(body)),
  });
}
