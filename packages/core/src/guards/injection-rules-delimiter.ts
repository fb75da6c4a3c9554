import { alt, B, E, IMPERATIVE, S } from './injection-regex.js';

// `delimiter_injection`: fake chat-format delimiters and context resets.

const DECORATION = '(?:-{2,}|={2,}|#{2,}|\\*{2,}|_{2,}|~{2,}|\\[|<|\\()';
const DECORATION_END = '(?:-{2,}|={2,}|#{2,}|\\*{2,}|_{2,}|~{2,}|\\]|>|\\))';
const BOUNDARY_WORDS = `${alt('end', 'begin', 'beginning', 'start', 'close')}(?: of)?(?: the)?(?: ${alt('system', 'user',
  'previous', 'original', 'initial', 'developer', 'real', 'new', 'admin', 'hidden', 'trusted', 'untrusted')})?` +
  ` ${alt('instructions?', 'prompt', 'system prompt', 'context', 'conversation', 'input', 'message', 'rules',
    'session')}`;
// Punctuation or a symbol around a line (a negated Unicode class costs V8's regex interpreter
// hundreds of milliseconds on its first runs over non-Latin text).
const MARK = '[!-\\/:-@\\[-`{-~\\u00a1-\\u00bf\\u2010-\\u2027\\u2030-\\u205e\\u2190-\\u2bff\\u3000-\\u303f\\p{Extended_Pictographic}]';
const HEADING = alt('#{1,6}', '={2,}', '-{2,}');
const ROLE_SUFFIX = alt('message', 'prompt', 'instructions?', 'override', 'update', 'mode');
const ROLE_WORDS = alt('system', 'assistant', 'developer', 'admin', 'root', 'new instructions', 'updated instructions',
  'real instructions', 'actual instructions', 'override', 'system override', 'instructions? override');

// A chat-format token quoted or named in documentation ("wraps turns in [INST] and [/INST] tags",
// "`<|im_start|>`") is a mention, not an injection.
const DOC_BEFORE = `(?<![\`'"]|${alt('the', 'an?', 'and', 'or', 'like', 'as', 'with', 'uses?', 'using', 'between', 'in', 'into',
  'e\\.g\\.,?', 'i\\.e\\.,?', 'such as', 'token', 'tokens', 'tag', 'tags', 'marker', 'markers', 'emits?', 'add', 'adds',
  'insert', 'inserts', 'by', 'of', 'after', 'before', 'wrap', 'wraps', 'wrapped', 'surround', 'surrounds')}\\s)`;
const DOC_AFTER = `(?![\`'"]|\\s?${alt('and', 'or', 'tags?', 'tokens?', 'markers?', 'delimiters?', 'blocks?', 'format', 'template',
  'syntax', 'wrappers?', 'pairs?', 'is', 'are', 'was', 'were', 'marks?', 'sequences?', 'strings?', 'special')}${E}|\\s?[,)/])`;
export const DELIMITER_PATTERNS: readonly string[] = [
  `${DOC_BEFORE}<\\|${alt('im_start', 'im_end', 'im_sep', 'system', 'user', 'assistant', 'endoftext', 'end_of_text', 'eot_id',
    'start_header_id', 'end_header_id', 'begin_of_text', 'eom_id', 'fim_prefix', 'fim_middle', 'fim_suffix')}\\|>${DOC_AFTER}`,
  `${DOC_BEFORE}\\[\\/?inst\\]${DOC_AFTER}`,
  `${DOC_BEFORE}<<\\/?sys>>${DOC_AFTER}`,
  `${DOC_BEFORE}\\[\\/?${alt('system', 'sys', 'assistant', 'developer', 'admin')}(?: ${alt('message', 'prompt', 'note', 'override')})?\\]${DOC_AFTER}`,
  `${DOC_BEFORE}(?<!<)<\\/?${alt('system', 'system_prompt', 'system-prompt', 'sys', 'instructions?', 'developer', 'assistant', 'admin')}(?:\\s[^<>\\n]{0,40})?>(?!>)${DOC_AFTER}`,
  `^[ \\t]*${HEADING}[ \\t]*${ROLE_WORDS}${E}(?:[ \\t]*${ROLE_SUFFIX})?[ \\t]*:`,
  `^[ \\t]*${HEADING}[ \\t]*${alt('system', 'new instructions', 'system override', 'override')}${E}(?:[ \\t]*${ROLE_SUFFIX})?[ \\t]*$`,
  `^[ \\t]*${alt('system', 'developer', 'admin')}(?: ${alt('message', 'prompt', 'override', 'instructions?', 'note')})?[ \\t]*:` +
    `[ \\t]*(?=${alt('you\\b', 'ignore', 'disregard', 'forget', 'new ', 'from now', 'override', 'always', 'never',
      'the (?:assistant|ai|model|user)', 'assistant', 'reveal', 'print', 'output', 'respond', 'reply', 'answer', 'act ',
      'do not', "don't", 'enable', 'switch', 'entering', 'developer mode')})`,
  `${DECORATION}[ \\t]*${BOUNDARY_WORDS}${E}[ \\t]*${DECORATION_END}?`,
  `${B}${BOUNDARY_WORDS}[ \\t]*${DECORATION_END}`,
  `^[ \\t]*${BOUNDARY_WORDS}[ \\t]*[.!:]?[ \\t]*$`,
  `^[ \\t]*(?:${MARK}{1,4}[ \\t]*)?${alt('new', 'start (?:a )?new', 'begin (?:a )?new', 'reset', 'fresh',
    'clear')} ${alt('conversation', 'chat', 'session', 'context', 'dialog', 'dialogue')}[ \\t]*${MARK}{0,4}[ \\t]*$`,
  `${DECORATION}[ \\t]*${alt('new', 'reset', 'fresh')} ${alt('conversation', 'chat', 'session', 'context')}${E}`,
  `${IMPERATIVE}${B}${alt('reset', 'clear', 'wipe', 'erase', 'flush', 'purge')}${S}${alt('your', 'all your',
    'the (?:conversation|chat)', 'all (?:previous|prior)')}${S}${alt('context', 'memory', 'memories',
    'conversation history', 'chat history', 'history', 'previous context')}${E}`,
  `(?:^|(?<=[.!?]\\s))${MARK}{0,3}[ \\t]*new${S}instructions?[ \\t]*:`,
  `${B}your${S}new${S}instructions?${S}${alt('are', 'follow')}${E}`,
];
