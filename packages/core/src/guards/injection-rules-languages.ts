import { alt, anyWords, B, E, S, words } from './injection-regex.js';

// Patterns of the two families attackers translate most, "ignore the previous
// instructions" and "show your system prompt", in Russian, Ukrainian, Chinese,
// Japanese, Korean, Dutch, Polish, Turkish, Arabic, Hindi (and Hinglish),
// Indonesian, Vietnamese, Swedish and Czech. They are written in the normal
// spelling of each language; `compile` folds them like the text (accents,
// dakuten, matras removed), so `ё`/`е` or `ó`/`o` need no alternatives.
// Languages without spaces (Chinese, Japanese) have no word boundaries; the
// gap between verb and noun stays inside one clause (no sentence punctuation).

/** Letters that may continue an inflected stem ("инструкци" + "и", "ям", "ями"). */
const END = '\\p{L}*';
/** A short gap inside one clause of a language written without spaces. */
const CLAUSE = (max: number): string => `[^。！？.!?\\n]{0,${max}}?`;
/** Not after a negation: "不要忘记" (do not forget) is advice, not an attack. */
const NOT_AFTER_ZH = '(?<!不要|不能|不可|别|勿|不)';

// ---- Russian and Ukrainian --------------------------------------------------------------

// "Игнорируй ..." is an attack on its own; "забудь инструкцию" (forget the manual) needs a qualifier.
const RU_STRONG_VERB = alt('игнорируй', 'игнорируйте', 'проигнорируй', 'проигнорируйте', 'игноруй', 'ігноруй', 'ігноруйте', 'проігноруй');
const RU_NOT = '(?<!не |не надо |нельзя )';
const RU_VERB = alt('забудь', 'забудьте', 'оставь', 'оставьте', 'брось', 'бросьте', 'сбрось', 'сбросьте', 'отбрось',
  'отбросьте', 'отмени', 'отмените', 'пренебреги', 'не обращай внимания на', 'не обращайте внимания на',
  'не следуй', 'не следуйте', 'не выполняй', 'не выполняйте', 'перестань следовать', 'игноруй', 'ігноруй',
  'ігноруйте', 'проігноруй', 'забудь про', 'забудьте про', 'не зважай на', 'не зважайте на');
const RU_FILL = `(?:${alt('все', 'всё', 'всех', 'всем', 'всеми', 'усі', 'всі', 'свои', 'своих', 'твои', 'твоих', 'ваши',
  'ваших', 'эти', 'этих', 'те', 'данные', 'полученные', 'ранее', 'раніше', 'выше', 'вище', 'о', 'об', 'про', 'на',
  'и', 'тобой', 'тебе', 'вам')}|${alt('предыдущ', 'прежн', 'предшествующ', 'вышеизложенн', 'вышеуказанн', 'вышеприведенн',
  'изначальн', 'исходн', 'первоначальн', 'системн', 'прошл', 'стар', 'попередн', 'початков', 'систем', 'данн', 'заданн', 'полученн')}${END})`;
const RU_NOUN = `${alt('инструкци', 'інструкці', 'указани', 'вказів', 'правил', 'команд', 'директив', 'ограничени',
  'обмежен', 'установк', 'промпт', 'подсказк', 'распоряжени', 'требовани', 'настройк')}${END}`;
const RU_REVEAL_VERB = `${alt('покаж', 'выведи', 'выведите', 'раскрой', 'раскройте', 'напиши', 'напишите', 'повтори',
  'повторите', 'скажи', 'скажите', 'озвучь', 'дай', 'дайте', 'процитируй', 'распечатай', 'опубликуй', 'покажи',
  'розкажи', 'виведи', 'розкрий', 'повтори', 'перескажи', 'сообщи', 'назови')}${END}`;
const RU_TARGET = `${alt(`системн${END}${S}(?:промпт|подсказк|инструкци|сообщени|указани|настройк)`,
  `(?:сво|тво|ваш|скрыт|исходн|первоначальн|изначальн|секретн|внутренн|прихован|початков)${END}${S}(?:инструкци|промпт|указани|правил|інструкці|настройк)`,
  `системн${END}${S}промпт`, `(?:інструкці|инструкци)${END}${S}(?:систем${END})`, 'system prompt', 'системный промпт')}${END}`;

// ---- Chinese (simplified and traditional) ----------------------------------------------

const ZH_VERB = alt('忽略', '忽视', '忽視', '无视', '無視', '忘记', '忘記', '忘掉', '不要理会', '不要理會', '不理会',
  '不要遵守', '不再遵守', '不用遵守', '不必遵守', '别管', '別管', '抛开', '拋開', '抛弃', '拋棄', '放弃', '放棄', '跳过',
  '跳過', '丢弃', '丟棄', '撇开', '撇開', '无需理会', '不要遵循', '不再遵循', '停止遵循', '推翻', '覆盖', '覆蓋', '取消');
const ZH_NOUN = alt('指令', '提示词', '提示詞', '系统消息', '系統訊息', '系统设定', '系統設定', '系统提示', '系統提示');
const ZH_WEAK_NOUN = alt('指示', '说明', '說明', '规则', '規則', '命令', '设定', '設定', '要求', '约束', '約束', '限制',
  '规定', '規定', '准则', '準則', '守则', '守則', '提示');
const ZH_QUAL = alt('之前', '以前', '先前', '上面', '上述', '前面', '所有', '全部', '一切', '原来', '原來', '原有', '系统',
  '系統', '你的', '此前', '早先', '以上', '最初', '初始', '开发者', '開發者');
const ZH_REVEAL_VERB = alt('告诉我', '告訴我', '显示', '顯示', '输出', '輸出', '打印', '透露', '泄露', '洩露', '重复',
  '重複', '展示', '给我看', '給我看', '列出', '说出', '說出', '写出', '寫出', '公开', '公開', '复述', '複述', '逐字',
  '原样', '原樣', '贴出', '貼出');
const ZH_TARGET = alt('系统提示', '系統提示', '系统指令', '系統指令', '系统消息', '系統訊息', '系统设定', '系統設定',
  '初始指令', '原始指令', '隐藏指令', '隱藏指令', '你的指令', '你的提示词', '你的提示詞', '你的设定', '你的設定',
  '最初的指令', '开发者消息', '開發者訊息', '第一条消息', '第一條訊息', '最初的消息', '最初的訊息', '第一条指令', '提示词', '提示詞', 'system prompt');

// ---- Japanese ----------------------------------------------------------------------------

const JA_NOUN = alt('指示', '命令', 'ルール', '指令', 'プロンプト', '制約', 'ガイドライン', 'システムメッセージ');
const JA_WEAK_NOUN = alt('設定', '規則', '制限', '方針', '条件');
// Imperative forms only: "指示を忘れた" (I forgot the instructions) is not an attack.
const JA_IGNORE = alt('無視して', '無視しろ', '無視しなさい', '無視すること', '無視せよ', '無視してくだ', '忘れて', '忘れろ',
  '忘れなさい', '破棄して', '破棄しろ', '破棄せよ', '取り消して', '無効にして', '無効にしろ', '従わないで', '従わないこと',
  '従うのをやめ', 'なかったことにして', 'リセットして');
const JA_TARGET = alt('システムプロンプト', 'システム指示', 'システムメッセージ', '初期プロンプト', '最初の指示', '元の指示',
  '隠された指示', '隠れた指示', 'あなたの指示', 'あなたのプロンプト', 'あなたへの指示', '内部の指示', '開発者メッセージ',
  '設定された指示', 'system prompt');
const JA_REVEAL = alt('教えて', '見せて', '表示', '出力', '開示', '繰り返', '書き出', '示して', '何です', '何ですか',
  'なんですか', '全文', 'そのまま', '貼り付け', '公開');

// ---- Korean (matched after Hangul decomposition, so gaps are counted in jamo) ------------

const KO_NOUN = alt('지시', '지침', '명령', '규칙', '프롬프트', '지시사항', '가이드라인', '제약');
// Imperative stems, not followed by a final consonant (past "무시했") or a negation ("무시하지 마세요").
const KO_IGNORE = `${alt('무시하', '무시해', '무시하고', '잊어버리', '잊어버려', '잊으', '잊어', '잊고', '따르지 ?마', '따르지 ?말',
  '버려', '버리')}(?![\u11A8-\u11FF])(?!지 ?마|지 ?말|지 ?않|면 ?안)`;
const KO_TARGET = alt('시스템 프롬프트', '시스템프롬프트', '시스템 지시', '시스템 메시지', '초기 지시', '초기 프롬프트',
  '원래 지시', '숨겨진 지시', '너의 지시', '너의 프롬프트', '당신의 지시', '당신의 프롬프트', '네 지시', '내부 지시');
const KO_REVEAL = alt('보여', '알려', '출력', '공개', '말해', '반복', '뭐', '무엇', '그대로', '적어');

// ---- Dutch, Swedish ---------------------------------------------------------------------

// "Vergeet de regels niet" (do not forget the rules) is advice: "vergeet" needs a qualifier and no "niet" after.
const NL_QUAL = alt('alle', 'al', 'je', 'jouw', 'uw', 'eerdere', 'vorige', 'voorgaande', 'bovenstaande', 'oorspronkelijke',
  'eerste', 'originele', 'systeem', 'gegeven', 'gekregen', 'ontvangen', 'alla', 'dina', 'tidigare', 'ovanstaende', 'ursprungliga');
const NL_NOT_AFTER = `(?!(?:${S}[\\p{L}]+){0,3}${S}${alt('niet', 'inte')}${E})`;
const NL_VERB = alt('negeer', 'negeert', 'negeren', 'laat varen', 'sla over', 'volg niet',
  'volg niet langer', 'volg niet meer', 'houd geen rekening met', 'hou geen rekening met', 'ignorera', 'glom', 'strunta i',
  'bortse fran', 'folj inte');
const NL_FILL = alt('alle', 'al', 'de', 'het', 'je', 'jouw', 'uw', 'eerdere', 'vorige', 'voorgaande', 'bovenstaande',
  'oorspronkelijke', 'eerste', 'originele', 'systeem', 'gegeven', 'gekregen', 'ontvangen', 'deze', 'die', 'van', 'en',
  'tot', 'nu', 'toe', 'alla', 'dina', 'tidigare', 'ovanstaende', 'ursprungliga', 'de', 'och', 'givna');
const NL_NOUN = alt('instructies', 'instructie', 'aanwijzingen', 'opdrachten', 'regels', 'richtlijnen', 'prompt',
  'systeemprompt', 'beperkingen', 'orders', 'instruktioner', 'instruktionerna', 'regler', 'reglerna', 'riktlinjer',
  'direktiv', 'uppmaningar');
const NL_REVEAL_VERB = alt('toon', 'geef', 'herhaal', 'print', 'onthul', 'vertel', 'deel', 'schrijf', 'laat (?:me|mij|ons) zien',
  'laat (?:me|mij|ons)', 'visa', 'skriv ut', 'avsloja', 'upprepa', 'beratta', 'ge mig');
const NL_TARGET = alt('systeemprompt', 'systeem prompt', 'systeeminstructies', 'systeemberichten', 'systeembericht',
  '(?:je|jouw|uw) (?:instructies|prompt|systeemprompt|verborgen instructies|oorspronkelijke instructies)',
  '(?:de )?(?:oorspronkelijke|verborgen|geheime|eerste|interne) (?:instructies|prompt)', 'systemprompt', 'systemprompten',
  '(?:dina|dolda|ursprungliga) instruktioner');

// ---- Polish, Czech ----------------------------------------------------------------------

const PL_VERB = alt('zignoruj', 'zignorujcie', 'ignoruj', 'ignorujcie', 'zapomnij', 'zapomnijcie', 'pomin', 'pomincie',
  'nie zwazaj na', 'nie zwracaj uwagi na', 'odrzuc', 'porzuc', 'nie stosuj sie do', 'przestan stosowac sie do',
  'nie sluchaj', 'zapomen na', 'zapomen', 'ignorujte', 'nedbej na', 'neposlouchej');
const PL_FILL = `(?:${alt('o', 'na', 'i', 'oraz', 'te', 'tych', 'ci', 'tobie', 'vsechny', 'vsech', 'sve', 'tve',
  'predchozi', 'puvodni', 'systemove')}|${alt('wszystk', 'wczesniejsz', 'poprzedni', 'powyzsz', 'dotychczasow', 'swoj',
  'twoj', 'oryginaln', 'poczatkow', 'systemow', 'otrzyman', 'dan', 'zadan', 'uprzedni')}${END})`;
const PL_NOUN = `${alt('instrukcj', 'polece', 'zasad', 'regu', 'wytyczn', 'prompt', 'ogranicze', 'komend', 'dyrektyw',
  'pokyn', 'instrukc', 'pravid', 'omezen')}${END}`;
const PL_REVEAL_VERB = `${alt('pokaz', 'wyswietl', 'ujawnij', 'podaj', 'powtorz', 'wypisz', 'zdradz', 'napisz', 'przytocz',
  'ukaz', 'zobraz', 'prozrad', 'zopakuj', 'vypis')}${END}`;
const PL_TARGET = alt(`prompt${END} systemow${END}`, `systemow${END} prompt${END}`, `instrukcj${END} systemow${END}`,
  `systemow${END} instrukcj${END}`, `(?:swoj|twoj|ukryt|poczatkow|oryginaln|wewnetrzn)${END} (?:instrukcj|prompt|polece)${END}`,
  `systemov${END} (?:prompt|pokyn|instrukc)${END}`, `(?:sve|tve|skryte|puvodni) (?:pokyny|instrukce|prompt)`);

// ---- Turkish ----------------------------------------------------------------------------

const TR_NOUN = `${alt('talimat', 'yonerge', 'kural', 'komut', 'istem', 'prompt', 'direktif', 'kisitlama', 'sinirlama',
  'yonlendirme', 'emir', 'emirler', 'kurallar')}${END}`;
// A verb stem followed by -ma/-me is the negative imperative: "unutma" (do not forget).
const TR_IGNORE = `${alt('yok say', 'yoksay', 'gormezden gel', 'unut', 'bosver', 'bos ver', 'gecersiz say', 'birak', 'iptal et')}(?!m[ae])|` +
  alt('dikkate alma', 'umursama', 'takma', 'uygulama', 'dinleme', 'uyma');
const TR_TARGET = `${alt('sistem istem', 'sistem komut', 'sistem prompt', 'sistem talimat', 'sistem mesaj',
  'gizli talimat', 'ilk talimat', 'orijinal talimat', 'baslangic talimat', 'talimatlarin', 'talimatlarini',
  'istemini', 'promptunu', 'kurallarini')}${END}`;
const TR_REVEAL = `${alt('goster', 'yaz', 'soyle', 'tekrarla', 'paylas', 'acikla', 'ver', 'yazdir', 'ifsa et', 'listele',
  'aktar', 'nedir', 'neler')}${END}`;

// ---- Arabic -----------------------------------------------------------------------------

/** Arabic attaches "and"/"then" to the next word: "وتجاهل". */
const AR_B = `${B}(?:و|ف)?`;
const AR_VERB = alt('تجاهل', 'تجاهلي', 'تجاهلوا', 'انس', 'انسى', 'انسي', 'انسوا', 'اهمل', 'أهمل', 'اهملي', 'تخطى',
  'تخط', 'تجاوز', 'لا تتبع', 'لا تلتزم ب', 'لا تلتزم', 'توقف عن اتباع', 'اترك', 'الغ', 'ألغ', 'تغاض عن');
const AR_NOUN = alt('التعليمات', 'تعليمات', 'تعليماتك', 'الأوامر', 'أوامر', 'اوامر', 'الاوامر', 'الإرشادات', 'إرشادات',
  'ارشادات', 'القواعد', 'قواعد', 'التوجيهات', 'توجيهات', 'القيود', 'قيود', 'الموجه', 'التوجيه', 'البرومبت', 'الضوابط');
const AR_REVEAL_VERB = alt('اعرض', 'أظهر', 'اظهر', 'اكشف', 'أخبرني', 'اخبرني', 'اطبع', 'كرر', 'أعطني', 'اعطني', 'شارك',
  'اكتب', 'انسخ', 'أرني', 'ارني', 'قل لي', 'افصح عن', 'ما هي', 'ما هو');
const AR_TARGET = alt('موجه النظام', 'تعليمات النظام', 'رسالة النظام', 'التعليمات الأصلية', 'التعليمات الاصلية',
  'تعليماتك', 'التعليمات المخفية', 'الموجه الأصلي', 'الموجه الاصلي', 'برومبت النظام', 'التعليمات السرية',
  'التعليمات الأولية', 'system prompt');

// ---- Hindi and Hinglish -----------------------------------------------------------------

const HI_NOUN = alt('निर्देश', 'निर्देशों', 'आदेश', 'आदेशों', 'नियम', 'नियमों', 'हिदायत', 'हिदायतों', 'प्रॉम्प्ट',
  'दिशानिर्देश', 'दिशानिर्देशों', 'सिस्टम प्रॉम्प्ट', 'बातें', 'पाबंदियां', 'पाबंदियों');
const HI_IGNORE = alt('अनदेखा', 'नज़रअंदाज़', 'नजरअंदाज', 'भूल', 'इग्नोर', 'मत मानो', 'मत मानें', 'न मानें', 'अवहेलना',
  'छोड़ दो', 'छोड़ दें', 'रद्द');
const HI_TARGET = alt('सिस्टम प्रॉम्प्ट', 'सिस्टम निर्देश', 'अपने निर्देश', 'अपने निर्देशों', 'मूल निर्देश',
  'छिपे निर्देश', 'छिपे हुए निर्देश', 'सिस्टम संदेश', 'शुरुआती निर्देश', 'तुम्हारे निर्देश', 'आपके निर्देश');
const HI_REVEAL = alt('दिखाओ', 'दिखाएं', 'दिखाइए', 'बताओ', 'बताएं', 'बताइए', 'लिखो', 'लिखें', 'दोहराओ', 'दोहराएं',
  'प्रकट', 'साझा', 'क्या है', 'क्या हैं');
const HINGLISH_NOUN = alt('instructions?', 'rules', 'niyam', 'nirdesh', 'prompt', 'guidelines', 'baatein', 'baaton');
const HINGLISH_VERB = `${alt('ignore', 'bhool', 'bhul', 'bhula', 'nazarandaz', 'nazar andaz', 'mat maano', 'mat mano', 'chhod')}` +
  `${S}${alt('karo', 'kar do', 'kardo', 'kar den', 'karein', 'kijiye', 'jao', 'ja', 'jaao', 'do', 'dena')}`;

// ---- Indonesian, Vietnamese -------------------------------------------------------------

const ID_VERB = alt('abaikan', 'lupakan', 'jangan ikuti', 'jangan hiraukan', 'acuhkan', 'bo qua', 'phot lo', 'quen',
  'khong tuan theo', 'dung tuan theo', 'khong lam theo');
const ID_FILL = alt('semua', 'seluruh', 'segala', 'instruksi', 'yang', 'sebelumnya', 'di atas', 'awal', 'tat ca', 'cac',
  'moi', 'nhung', 'truoc', 'do', 'ban', 'cua', 'he thong', 'tren');
const ID_NOUN = alt('instruksi', 'perintah', 'aturan', 'petunjuk', 'arahan', 'prompt', 'huong dan', 'chi dan',
  'chi thi', 'lenh', 'quy tac', 'menh lenh');
const ID_REVEAL = `${B}${alt('tampilkan', 'tunjukkan', 'beritahu', 'ulangi', 'cetak', 'hien thi', 'cho toi xem',
  'tiet lo', 'in ra', 'lap lai', 'cho biet')}${S}${anyWords(3)}${alt('prompt sistem', 'instruksi sistem',
  'instruksi (?:awal|asli|rahasia|tersembunyi)', 'instruksimu', 'instruksi anda', 'loi nhac he thong', 'prompt he thong',
  'huong dan (?:he thong|ban dau|goc|an)', 'chi dan (?:he thong|ban dau)')}${E}`;

/** "Ignore the previous instructions", in the languages above. */
export const IGNORE_LANGUAGES: readonly string[] = [
  `${B}${RU_NOT}${RU_STRONG_VERB}${S}${words(RU_FILL, 5)}${RU_NOUN}`,
  `${B}${RU_NOT}${RU_VERB}${S}(?:${RU_FILL}${S}){1,5}${RU_NOUN}`,
  `${B}(?:забудь|забудьте|забудь про|забудьте про)${S}(?:(?:обо|об|о|про)${S})?(?:всё|все|усе|всем)(?:${S})?,?(?:${S})?${alt('что', 'чему',
    'сказанное', 'вышесказанное', 'предыдущее', 'ранее', 'выше', 'до этого', 'что було', 'раніше')}${E}`,
  `${B}${alt('предыдущ', 'прежн', 'все', 'всі', 'попередн', 'вышеуказанн', 'данн')}${END}${S}${words(RU_FILL, 2)}${RU_NOUN}` +
    `${S}${words(`(?:${alt('больше', 'теперь', 'уже', 'можно', 'нужно', 'следует', 'надо')})`, 2)}` +
    `${alt('не действуют', 'не действительны', 'недействительны', 'отменены', 'отменяются', 'игнорировать', 'забыть',
      'не применяются', 'більше не діють', 'скасовані', 'не актуальны', 'утратили силу')}`,
  `${NOT_AFTER_ZH}${ZH_VERB}${CLAUSE(12)}${ZH_NOUN}`,
  `(?:不再|不用|不必|无需|無需|无须|無須)(?:受|遵守|遵循|服从|服從|理会|理會)${CLAUSE(8)}(?:规则|規則|限制|约束|約束|指令|准则|準則|规定|規定|政策)`,
  `${B}(?:ты|вы|тебе|вам)${S}(?:больше${S}|теперь${S}|уже${S})?(?:не${S}(?:обязан|обязана|обязаны|должен|должна|должны|нужно|надо|связан|связаны)|не${S}нужно|можно${S}не)` +
    `${S}${anyWords(1)}(?:соблюдать|следовать|выполнять|подчиняться|придерживаться|учитывать)`,
  `${NOT_AFTER_ZH}${ZH_VERB}${CLAUSE(6)}${ZH_QUAL}${CLAUSE(6)}${ZH_WEAK_NOUN}`,
  `(?:指示|命令|指令|ルール|プロンプト)${CLAUSE(14)}(?:より優先|に優先し|を上書き|を無効に)`,
  `(?:新的|新)${CLAUSE(2)}(?:指令|指示|规则|規則|命令)${CLAUSE(8)}(?:优先于|優先於|覆盖|覆蓋|取代)`,
  `${alt(ZH_NOUN, ZH_WEAK_NOUN)}${CLAUSE(6)}(?:都|全部|一律)?(?:不再|不用|无需|無需|不必)(?:遵守|遵循|适用|適用|理会|理會|有效)`,
  `(?:之前|以前|先前|上面|上述|前面|原来|原來|原有)${CLAUSE(4)}${alt(ZH_NOUN, ZH_WEAK_NOUN)}${CLAUSE(4)}(?:作废|作廢|无效|無效|失效|取消)`,
  `${JA_NOUN}${CLAUSE(10)}${JA_IGNORE}`,
  `${alt('これまで', '以前', '前の', '上記', '上の', '先ほど', 'すべての', '全ての', '元の', '最初の', 'システムの')}${CLAUSE(8)}` +
    `${alt(JA_NOUN, JA_WEAK_NOUN)}${CLAUSE(6)}${alt('無視して', '忘れて', '無効', '取り消', '撤回', '破棄', '適用されません', 'もう関係')}`,
  `${KO_NOUN}${CLAUSE(30)}${KO_IGNORE}`,
  `${B}${NL_VERB}${S}${words(NL_FILL)}${NL_NOUN}${E}${NL_NOT_AFTER}`,
  `${B}${alt('vergeet', 'vergeten', 'glom')}${S}${words(NL_FILL, 3)}${NL_QUAL}${S}${words(NL_FILL, 3)}${NL_NOUN}${E}${NL_NOT_AFTER}`,
  `${B}${alt('vergeet', 'glom')}${S}alles(?:${S})?,?(?:${S})?${alt('wat', 'dat', 'hierboven', 'hiervoor', 'van hiervoor', 'allt',
    'vad', 'ovan')}${E}`,
  `${B}${PL_VERB}${S}${words(PL_FILL, 5)}${PL_NOUN}`,
  `${B}${alt('zapomnij', 'zapomnijcie', 'zapomen')}${S}${alt('o wszystkim', 'wszystko', 'vsechno', 'na vsechno')}(?:${S})?,?(?:${S})?` +
    `${alt('co', 'czego', 'powyzej', 'wczesniej', 'co ti', 'co jsem')}${E}`,
  `${B}${words(`(?:${alt('tum', 'tüm', 'butun', 'onceki', 'yukaridaki', 'sana', 'verilen', 'verilmis', 'ilk', 'eski',
    'orijinal', 'sistem', 'bu', 'bunlar', 'hepsini', 'her', 'tum')}${END})`, 4)}${TR_NOUN}${S}${words(`(?:${alt('tamamen',
    'hepsini', 'tumunu', 'artik', 'simdi', 'lutfen', 'derhal', 'bundan', 'sonra')})`, 2)}(?:${TR_IGNORE})`,
  `${B}${alt('onceki', 'yukaridaki', 'tum', 'ilk')}${END}${S}${words(`\\p{L}+`, 2)}${TR_NOUN}${S}` +
    `${alt('gecersiz', 'iptal edildi', 'artik gecerli degil', 'gecerli degil')}`,
  `${AR_B}${AR_VERB}${S}${anyWords(3)}${AR_NOUN}`,
  `${B}${HI_NOUN}${S}${anyWords(3)}${HI_IGNORE}`,
  `${B}${words(alt('pichhle', 'pichle', 'purane', 'saare', 'sare', 'sabhi', 'sab', 'apne', 'system', 'ke', 'ki', 'diye',
    'gaye', 'hue', 'upar', 'wale'), 5)}${HINGLISH_NOUN}${S}(?:${alt('ko', 'ka', 'sab')}${S})?${HINGLISH_VERB}${E}`,
  `${B}${ID_VERB}${S}${words(ID_FILL, 6)}${ID_NOUN}${E}`,
];

/** "From now on you are ...": a role switch, in the languages above. */
export const ROLE_LANGUAGES: readonly string[] = [
  `${B}${alt('vanaf nu', 'van nu af aan', 'od teraz', 'od tej chwili', 'bundan sonra', 'artik', 'отныне', 'с этого момента',
    'теперь', 'відтепер', 'a partir de ahora', 'desde ahora', 'de ahora en adelante', 'a partir de maintenant', 'desormais',
    'dorenavant', 'ab jetzt', 'von nun an', 'ab sofort', 'a partir de agora', 'de agora em diante', 'da ora in poi', "d'ora in poi",
    'mulai sekarang', 'tu gio', 'fran och med nu', 'od ted')}${E},?${S}` +
    `${alt('ben je', 'bent u', 'jestes', 'jestescie', 'sen', 'ты', 'вы', 'ти', 'eres', 'tu es', 'vous etes', 'tu seras', 'bist du',
      'sind sie', 'voce e', 'voce sera', 'sei', 'kamu adalah', 'anda adalah', 'ban la', 'ar du', 'jsi')}${E}`,
  `(?:从现在开始|從現在開始|从现在起|從現在起|从今以后|從今以後|今后|今後)${CLAUSE(3)}(?:你|您)(?:是|就是|将是|將是|不再|不用|扮演)`,
  `(?:今から|これから|今後|これ以降)${CLAUSE(3)}(?:あなた|君|お前)(?:は|が)`,
  `(?:지금부터|이제부터|앞으로)${CLAUSE(6)}(?:너는|넌|당신은)`,
  `(?:من الآن فصاعدا|من الان فصاعدا|من الآن|بدءا من الآن)${S}(?:أنت|انت)${E}`,
  `(?:अब से|आज से)${S}(?:तुम|आप|तू)${E}`,
  `${B}(?:${alt('ab', 'aaj')}${S}se)${S}(?:tum|aap|tu)${S}${anyWords(3)}(?:ho|hai|hain)${E}`,
];

/** "Show me your system prompt", in the languages above. */
export const REVEAL_LANGUAGES: readonly string[] = [
  `${B}${RU_REVEAL_VERB}${S}${anyWords(3)}${RU_TARGET}`,
  `${B}${alt('какие', 'какой', 'каков', 'какова', 'что', 'які', 'який')}${S}${anyWords(2)}${alt(`(?:у тебя|у вас|тво|ваш|сво)${END}${S}(?:систем${END}${S})?(?:инструкци|промпт|указани|інструкці)`,
    `системн${END}${S}(?:промпт|инструкци)`)}${END}`,
  `${ZH_REVEAL_VERB}${CLAUSE(10)}${ZH_TARGET}`,
  `(?:把|将|將|请把|請把)${CLAUSE(4)}${ZH_TARGET}${CLAUSE(8)}${ZH_REVEAL_VERB}`,
  `${ZH_TARGET}${CLAUSE(4)}(?:是什么|是什麼|内容是|內容是|写了什么|寫了什麼|有哪些|是啥)`,
  `(?:你|您)(?:收到|得到|被给予|被給予)的${CLAUSE(4)}(?:指令|指示|提示|说明|說明)${CLAUSE(4)}(?:是什么|是什麼|原文|逐字|全部)`,
  `${JA_TARGET}${CLAUSE(10)}${JA_REVEAL}`,
  `${KO_TARGET}${CLAUSE(30)}${KO_REVEAL}`,
  `${B}${NL_REVEAL_VERB}${S}${anyWords(3)}${NL_TARGET}${E}`,
  `${B}${alt('wat zijn', 'wat is', 'vad ar', 'vilka ar')}${S}${alt('je', 'jouw', 'uw', 'dina')}${S}${alt('instructies', 'systeemprompt',
    'oorspronkelijke instructies', 'instruktioner')}${E}`,
  `${B}${PL_REVEAL_VERB}${S}${anyWords(3)}${PL_TARGET}`,
  `${B}${alt('jakie', 'jaki', 'jake', 'jaky')}${S}${alt('sa', 'jest', 'jsou', 'je')}${S}${alt(`(?:twoj|twoi|tvoje|tve)${END}${S}(?:instrukcj|pokyn|polece|prompt)${END}`,
    `(?:instrukcj|prompt)${END}${S}systemow${END}`)}`,
  `${B}${TR_TARGET}${S}${anyWords(2)}${TR_REVEAL}`,
  `${AR_B}${AR_REVEAL_VERB}${S}${anyWords(3)}${AR_TARGET}`,
  `${HI_TARGET}${S}${anyWords(3)}${HI_REVEAL}`,
  `${B}${alt('apna', 'apne', 'tumhara', 'tumhare', 'aapka', 'aapke', 'original', 'hidden', 'secret')}${S}${alt('system prompt', 'prompt',
    'instructions', 'nirdesh')}${S}${alt('dikhao', 'batao', 'likho', 'share karo', 'bata do', 'dikha do', 'kya hai', 'kya hain')}${E}`,
  ID_REVEAL,
];
