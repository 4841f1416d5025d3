// The translations: the shared keys in id.json and en.json, and one file per
// feature under id/ and en/ (organizer-setup.json, public.json, ...), each
// holding its own top-level keys, so features can grow without touching one
// another's files. Every file is merged into the one "translation" namespace.
import id from './id.json';
import en from './en.json';

type Tree = { [key: string]: string | Tree };

const featureFiles = import.meta.glob<Tree>('./{id,en}/*.json', { eager: true, import: 'default' });

function merged(lang: 'id' | 'en', base: Tree): Tree {
  const out: Tree = { ...base };
  for (const [path, tree] of Object.entries(featureFiles)) {
    if (!path.startsWith(`./${lang}/`)) continue;
    for (const [k, v] of Object.entries(tree)) {
      if (k in out) throw new Error(`translation key ${k} of ${path} is defined twice`);
      out[k] = v;
    }
  }
  return out;
}

export const translations = { id: merged('id', id), en: merged('en', en) };
export const resources = {
  id: { translation: translations.id },
  en: { translation: translations.en },
};
