import { text } from 'node:stream/consumers';

/** The password piped to standard input: its first line, without the line ending. */
export async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new Error('--password-stdin reads a piped password: printf %s "$PASSWORD" | …');
  const password = (await text(process.stdin)).split(/\r?\n/)[0] ?? '';
  if (!password) throw new Error('--password-stdin got an empty password');
  return password;
}
