import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Our record-keeping features: what the ElevenLabs client, the event types and drivers/ must not import. */
const ourFeatures = (features) =>
  features.flatMap((feature) => ['../', '../../', '../../../'].map((up) => `${up}${feature}/*`));
const FEATURES = [
  'calls',
  'drivers',
  'campaigns',
  'outcomes',
  'conversations',
  'live',
  'realtime',
  'webhooks',
  'twilio',
  'analytics',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      'migrations/*-*.ts',
      'public/vendor/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false } },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  { files: ['public/**/*.js'], languageOptions: { globals: globals.browser } },
  {
    files: ['test/**/*.js', 'scripts/**/*.{js,mjs}', 'bench/**/*.{js,mjs}', '*.{js,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['test/support/seed/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  // The design's import rules (README, "Design in a page").
  { files: ['src/**/*.ts'], rules: { 'max-lines': ['error', { max: 400 }] } },
  {
    files: ['src/item-vocabulary/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*'],
              message: 'The item vocabulary is a leaf: it imports nothing of ours.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/elevenlabs/**/*.ts', 'src/events/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ourFeatures(FEATURES),
              message:
                'The ElevenLabs client and the event types know nothing of our records: take shared words from item-vocabulary/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/drivers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ourFeatures(FEATURES.filter((feature) => feature !== 'drivers')),
              message:
                'Drivers answer who a driver is and whether we may call them; calls build on drivers, not the other way.',
            },
          ],
        },
      ],
    },
  },
);
