import { alignTranscripts, type MergedEntry } from './transcript-alignment.js';

interface Turn {
  text: string;
  key: string;
}

// Keys as the database's turn_key would give them for already folded words.
const agent = (text: string) => ({ text, key: `AGENT|${text}` });
const driver = (text: string) => ({ text, key: `DRIVER|${text}` });
const shape = (merged: MergedEntry<Turn, Turn>[]) =>
  merged.map(
    (entry) => `${entry.kind}:${entry.kind === 'stored' ? entry.stored.text : entry.incoming.text}`,
  );

describe('alignTranscripts', () => {
  it('fills a turn missed in the middle at its place', () => {
    const merged = alignTranscripts(
      [agent('hi'), driver('hello'), driver('bye')],
      [agent('hi'), driver('hello'), agent('fix it'), driver('bye')],
    );
    expect(shape(merged)).toEqual(['stored:hi', 'stored:hello', 'new:fix it', 'stored:bye']);
  });

  it('adds nothing when everything is stored already', () => {
    const turns = [agent('hi'), driver('hello')];
    expect(alignTranscripts(turns, turns).every((entry) => entry.kind === 'stored')).toBe(true);
  });

  it('keeps repeated lines apart', () => {
    const merged = alignTranscripts(
      [driver('okay.')],
      [driver('okay.'), agent('x'), driver('okay.')],
    );
    expect(shape(merged)).toEqual(['stored:okay.', 'new:x', 'new:okay.']);
  });

  it('keeps stored turns ElevenLabs does not have', () => {
    const merged = alignTranscripts([agent('only here')], [driver('there')]);
    expect(merged.map((e) => e.kind).sort()).toEqual(['new', 'stored']);
  });

  it('stores everything when nothing was stored', () => {
    expect(shape(alignTranscripts([], [agent('a'), driver('b')]))).toEqual(['new:a', 'new:b']);
  });
});

describe('alignTranscripts with turns stored out of order', () => {
  it('follows ElevenLabs order and adds nothing twice', () => {
    const merged = alignTranscripts(
      [driver('yeah'), agent('hi'), driver('ok')],
      [agent('hi'), driver('yeah'), agent('fix it'), driver('ok')],
    );
    expect(
      merged.map((e) =>
        e.kind === 'stored' ? `stored:${e.stored.text}` : `new:${e.incoming.text}`,
      ),
    ).toEqual(['stored:hi', 'stored:yeah', 'new:fix it', 'stored:ok']);
  });
});

describe('alignTranscripts with live transcriptions in other words', () => {
  it('rewords a live turn said differently instead of adding ElevenLabs’ turn twice', () => {
    const merged = alignTranscripts(
      [agent('hi bob'), driver('yeah i will fix the reefer now'), agent('thanks')],
      [agent('hi bob'), driver('yeah, i will fix the reefer right now.'), agent('thanks')],
    );
    expect(merged.map((entry) => entry.kind)).toEqual(['stored', 'stored', 'stored']);
    expect(merged[1]).toMatchObject({ reworded: true });
  });

  it('does not reword a turn of the other speaker or one that says something else', () => {
    const merged = alignTranscripts(
      [agent('hi'), driver('totally different words here'), agent('bye')],
      [agent('hi'), agent('totally different words here'), driver('no match at all'), agent('bye')],
    );
    expect(shape(merged)).toEqual([
      'stored:hi',
      'stored:totally different words here',
      'new:totally different words here',
      'new:no match at all',
      'stored:bye',
    ]);
  });
});
