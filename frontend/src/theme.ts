import { createTheme, type MantineColorsTuple } from '@mantine/core';

// A calm government blue with enough contrast for text on white (WCAG AA).
const juri: MantineColorsTuple = [
  '#e8f1fb',
  '#cfdff2',
  '#9fbde6',
  '#6b99d9',
  '#417bce',
  '#2868c7',
  '#1c5d99',
  '#174f85',
  '#114270',
  '#09345c',
];

export const theme = createTheme({
  primaryColor: 'juri',
  primaryShade: 6,
  colors: { juri },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Ubuntu, sans-serif',
  defaultRadius: 'md',
  focusRing: 'always',
  components: {
    Button: { defaultProps: { size: 'md' } },
    // Words in badges stay as written: capitals are harder to read.
    Badge: { styles: { root: { textTransform: 'none' } } },
    // Alert titles in the alert's own colour are too pale on its light background.
    Alert: { styles: { title: { color: 'var(--mantine-color-black)' } } },
    ActionIcon: { defaultProps: { size: 44 } },
    TextInput: { defaultProps: { size: 'md' } },
    PasswordInput: { defaultProps: { size: 'md' } },
    Select: { defaultProps: { size: 'md' } },
    Textarea: { defaultProps: { size: 'md' } },
  },
});

// Mantine's default "dimmed" grey is too light for small text on white
// (axe: colour contrast); this one reaches 7:1. Error red likewise.
export const cssVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#495057',
    '--mantine-color-placeholder': '#6b7280',
    '--mantine-color-error': '#c92a2a',
  },
  dark: {},
});
