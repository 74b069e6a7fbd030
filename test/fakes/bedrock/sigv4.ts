/**
 * SigV4 checks as the service makes them: the request signature (seed of the chain) and each
 * event's chunk signature. Catches wrong region, service name or credential wiring in tests.
 * Canonical URI segments are URI-encoded a second time (smithy double-encodes for non-S3 services).
 */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http2';
import { HeaderMarshaller } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const marshaller = new HeaderMarshaller(toUtf8, fromUtf8);
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const encodeSegment = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function signingKey(secret: string, shortDate: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, shortDate), region), service), 'aws4_request');
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

export interface RequestSignature {
  readonly seed: string;
  readonly region: string;
  readonly key: Buffer;
}

/** Verify the request's Authorization header; returns the chain seed, or an error message. */
export function verifyRequest(
  headers: IncomingHttpHeaders,
  secret: string,
  service = 'bedrock',
): RequestSignature | string {
  const m = AUTH.exec(String(headers['authorization'] ?? ''));
  if (!m) return 'malformed Authorization header';
  const [, , shortDate = '', region = '', signedService, signedList = '', signature = ''] = m;
  if (signedService !== service)
    return `credential scope names service ${String(signedService)}, expected ${service}`;
  const path = String(headers[':path'] ?? '');
  const canonicalUri = path
    .split('/')
    .map((seg) => encodeSegment(seg))
    .join('/');
  const names = signedList.split(';');
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(headers[n] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const payloadHash = String(headers['x-amz-content-sha256'] ?? '');
  const canonical = ['POST', canonicalUri, '', canonicalHeaders, signedList, payloadHash].join('\n');
  const amzDate = String(headers['x-amz-date'] ?? '');
  const scope = `${shortDate}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = signingKey(secret, shortDate, region, service);
  if (hmac(key, toSign).toString('hex') !== signature) return 'request signature does not match';
  return { seed: signature, region, key };
}

const amz = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** Verify one outer event frame's signature against the previous one; returns the new signature or undefined. */
export function verifyChunk(
  req: RequestSignature,
  prior: string,
  date: Date,
  signature: Uint8Array,
  payload: Uint8Array,
): string | undefined {
  const shortDate = amz(date).slice(0, 8);
  const dateHeader = marshaller.format({ ':date': { type: 'timestamp', value: date } });
  const toSign = [
    'AWS4-HMAC-SHA256-PAYLOAD',
    amz(date),
    `${shortDate}/${req.region}/bedrock/aws4_request`,
    prior,
    sha256(dateHeader),
    sha256(payload),
  ].join('\n');
  const expected = hmac(req.key, toSign).toString('hex');
  return Buffer.from(signature).toString('hex') === expected ? expected : undefined;
}
