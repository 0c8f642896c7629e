// The metric cache's rendered answers: each audience's bytes and tag made once, and the tag the one Express would make.
import express from 'express';
import { describe, expect, it } from 'vitest';
import { MetricCache, renderedBody } from '../../../api/cache.ts';

describe('MetricCache.renderOnce', () => {
  it('renders, encodes and tags a result once per audience', () => {
    const cache = new MetricCache();
    const body = { figures: [1, 2, 3], name: 'Zoë' };
    let renders = 0;
    const render = (text: string) => () => {
      renders++;
      return text;
    };
    const leader = cache.renderOnce(body, 'leader', render('{"name":"Zoë"}'));
    expect(cache.renderOnce(body, 'leader', render('never used'))).toBe(leader);
    expect(renders).toBe(1);
    const funder = cache.renderOnce(body, 'funder', render('{"name":null}'));
    expect(renders).toBe(2);
    expect(funder).not.toBe(leader);
    // The bytes are the UTF-8 of the text (ë is two bytes), and the tag covers them.
    expect(leader.body.equals(Buffer.from('{"name":"Zoë"}', 'utf8'))).toBe(true);
    expect(leader.body.length).toBe(15);
    expect(funder.etag).not.toBe(leader.etag);
  });

  it('tags a body exactly as Express would have, so clients see the same validators as before', () => {
    const expressTag = express().get('etag fn') as (body: string, encoding: string) => string;
    for (const text of ['{}', '{"name":"Zoë"}', JSON.stringify({ rows: Array.from({ length: 500 }, (_, i) => ({ i, rate: i / 7 })) })]) {
      expect(renderedBody(text).etag).toBe(expressTag(text, 'utf8'));
    }
  });
});
