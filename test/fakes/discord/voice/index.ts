/** The loopback Discord voice server and fake speakers; see server.ts. */
export { FakeVoiceServer } from './server.ts';
export { FakeVoiceSession } from './session.ts';
export { speak, sendGarbage, type SpeakOptions } from './speak.ts';
export { testCertificate } from './cert.ts';
