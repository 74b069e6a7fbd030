/** The loopback Discord voice server (with DAVE) and fake speakers; see server.ts. */
export { FakeVoiceServer } from './server.ts';
export { FakeVoiceSession } from './session.ts';
export { speak, sendGarbage, type SpeakOptions } from './speak.ts';
export { testCertificate } from './cert.ts';
export { DaveGroup } from './dave.ts';
export { DaveMember } from './dave-member.ts';
export type { EncryptionMode, PacketShape } from './rtp.ts';
