// A tiny well-formedness check for the SVG/HTML we write by hand: tags
// balance and nest, attributes are quoted, and no raw '<' or '&' sits in
// text. Not a full XML parser; enough to catch broken output in tests.

const VOID_HTML = new Set(['meta', 'br', 'hr', 'img', 'link', 'input']);

/** Returns the names of elements in document order; throws on the first error. */
export function checkBalanced(doc: string, opts: { html?: boolean } = {}): string[] {
  const stack: string[] = [];
  const names: string[] = [];
  let i = 0;
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const text = doc.slice(i, lt < 0 ? doc.length : lt);
    const badAmp = text.match(/&(?!(amp|lt|gt|quot|#\d+|#x[0-9a-f]+);)/i);
    if (badAmp) throw new Error(`raw '&' in text near ${JSON.stringify(text.slice(0, 40))}`);
    if (text.includes('>')) throw new Error(`raw '>' in text near ${JSON.stringify(text.slice(0, 40))}`);
    if (lt < 0) break;
    if (doc.startsWith('<!--', lt)) { i = doc.indexOf('-->', lt) + 3; continue; }
    if (doc.startsWith('<!', lt) || doc.startsWith('<?', lt)) { i = doc.indexOf('>', lt) + 1; continue; }
    const gt = doc.indexOf('>', lt);
    if (gt < 0) throw new Error('unterminated tag');
    const tag = doc.slice(lt + 1, gt);
    if (tag.includes('<')) throw new Error(`'<' inside tag ${tag.slice(0, 40)}`);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else {
      const selfClosing = tag.endsWith('/');
      const m = tag.match(/^([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*\/?$/);
      if (!m) throw new Error(`malformed tag <${tag.slice(0, 60)}>`);
      names.push(m[1]);
      if (!selfClosing && !(opts.html && VOID_HTML.has(m[1]))) stack.push(m[1]);
      // <style> and <script> hold raw text up to their closing tag.
      if (opts.html && (m[1] === 'style' || m[1] === 'script')) {
        const end = doc.indexOf(`</${m[1]}>`, gt);
        if (end < 0) throw new Error(`unclosed <${m[1]}>`);
        i = end;
        continue;
      }
    }
    i = gt + 1;
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(' > ')}`);
  return names;
}
