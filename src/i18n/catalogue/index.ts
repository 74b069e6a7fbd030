/** Every language's catalogue, by language. */
import type { Language } from '../languages.ts';
import { de } from './de.ts';
import { en, type Catalogue } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { hi } from './hi.ts';
import { it } from './it.ts';
import { ptBR } from './pt-BR.ts';

export type { Catalogue, MessageKey } from './en.ts';

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = {
  en,
  fr,
  de,
  es,
  it,
  'pt-BR': ptBR,
  hi,
};
