import assert from 'node:assert/strict';
import { mdCode, mdText, progressBar } from '../../../src/core/store/markdownText';

describe('markdown text from files', () => {
  it('escapes everything that could become markup, links, HTML or a table cell break', () => {
    assert.equal(mdText('<img src=x onerror=alert(1)>'), '\\<img src=x onerror=alert(1)\\>');
    assert.equal(mdText('[click](http://evil)'), '\\[click\\](http://evil)');
    assert.equal(mdText('a | b *c* _d_ `e`'), 'a \\| b \\*c\\* \\_d\\_ \\`e\\`');
    assert.equal(mdText('two\nlines\u001b[31m'), 'two lines?[31m'.replace('[', '\\['));
    assert.equal(mdText('@team'), '@\u200bteam');
  });

  it('code spans hold any text and stay inside a table cell', () => {
    assert.equal(mdCode('plain'), '`plain`');
    assert.equal(mdCode('a`b'), '``a`b``');
    assert.equal(mdCode('a|b'), '`a\\|b`');
  });

  it('draws progress', () => {
    assert.equal(progressBar(3, 10), '███░░░░░░░');
    assert.equal(progressBar(0, 0), '░░░░░░░░░░');
  });
});
