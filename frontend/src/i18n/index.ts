// i18next with Bahasa Indonesia as the default and English as the second
// language; the choice is kept on the device and set on <html lang>.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources } from './resources';

export const languages = ['id', 'en'] as const;
const storageKey = 'juri.lang';

function initial(): string {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved && (languages as readonly string[]).includes(saved)) return saved;
  } catch {
    // storage may be disabled
  }
  return 'id';
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initial(),
  fallbackLng: 'id',
  interpolation: { escapeValue: false },
  returnNull: false,
});

document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(storageKey, lng);
  } catch {
    // storage may be disabled
  }
});

export default i18n;
