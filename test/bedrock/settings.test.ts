import { describe, expect, it } from 'vitest';
import { sonicSettingsFromConfig } from '../../src/bedrock/sonic/session-options.ts';
import { loadConfig } from '../../src/config.ts';

describe('Sonic settings from configuration', () => {
  it('defaults to Nova 2 Sonic with turn detection and a 6 minute rotation', () => {
    const config = loadConfig({}, { requireDiscordToken: false });
    expect(sonicSettingsFromConfig(config.sonic)).toEqual({
      modelId: 'amazon.nova-2-sonic-v1:0',
      voiceId: 'tiffany',
      rotateMs: 360_000,
      inference: { maxTokens: 1024, topP: 0.9, temperature: 0.7, endpointing: 'MEDIUM' },
    });
  });

  it('leaves turn detection out for Nova Sonic v1 and honours the overrides', () => {
    const config = loadConfig(
      {
        SONIC_MODEL_ID: 'amazon.nova-sonic-v1:0',
        SONIC_VOICE: 'matthew',
        SONIC_SESSION_ROTATE_MS: '5000',
        SONIC_TEMPERATURE: '0.2',
      },
      { requireDiscordToken: false },
    );
    const settings = sonicSettingsFromConfig(config.sonic);
    expect(settings.inference.endpointing).toBeUndefined();
    expect(settings).toMatchObject({ modelId: 'amazon.nova-sonic-v1:0', voiceId: 'matthew', rotateMs: 5000 });
    expect(settings.inference.temperature).toBe(0.2);
  });
});
