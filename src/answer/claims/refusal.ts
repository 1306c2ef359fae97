/*
 * "The statement does not say": recognising it in the model's own words, in both languages. Pure. The
 * patterns are alternations of fixed words with bounded gaps, so matching is linear in the text.
 */

// English: "does not mention", "is not specified", "no information", "I don't have enough information",
// "the provided paragraphs do not mention", "makes no mention", "cannot determine".
const EN_GAP = new RegExp(
  [
    String.raw`\b(?:does|do|did)(?:n['’]t|\s+not)\s+(?:say|mention|specify|state|address|cover|discuss|provide|give|include|contain|detail|indicate|list|name|reveal|disclose|elaborate|offer|describe|explain|refer)`,
    String.raw`\b(?:is|are|was|were)(?:n['’]t|\s+not)\s+(?:mentioned|specified|stated|addressed|covered|discussed|provided|given|included|detailed|disclosed|listed|named|described|explained|found|available)`,
    String.raw`\bno\s+(?:mention|information|details?|data|figures?|specifics|indication|reference)\b`,
    String.raw`\b(?:makes|made)\s+no\s+(?:mention|reference)`,
    String.raw`\b(?:don['’]t|do\s+not|does\s+not|doesn['’]t)\s+have\s+(?:enough|sufficient|any|the)\s+information`,
    String.raw`\b(?:not\s+enough|insufficient)\s+information`,
    String.raw`\b(?:cannot|can['’]t|can\s+not|unable\s+to)\s+(?:answer|determine|find|tell|say|confirm|provide)`,
    String.raw`\bthere\s+is\s+no\s+(?:information|mention|detail)`,
    String.raw`\bsilent\s+on\b`,
    String.raw`\bnothing\s+(?:about|on|regarding)\b`,
    String.raw`\bnothing\s+in\s+the\s+(?:statement|paragraphs?|provided|text|document)`,
    String.raw`\bcannot\s+be\s+(?:found|determined|answered)`,
    String.raw`\bnot\s+(?:mentioned|specified|stated|addressed|covered)\b`,
  ].join('|'),
  'iu',
);

// Chinese: "没有提及", "未说明", "提供的段落中没有关于…的信息", "无法确定", "信息不足".
const ZH_GAP = new RegExp(
  [
    '(?:没有|并没有|未|并未|未曾|没)(?:提及|提到|涉及|说明|明确|具体|给出|提供|披露|列出|载明|谈及|写明|包含|包括|指出|透露|记载|介绍|表明|讲|说|写)',
    '未见(?:相关|有关|具体)?',
    '没有(?:相关|关于|有关|涉及|任何)',
    '(?:无|没有|并无)(?:相关|有关|具体)(?:信息|内容|说明|数据|细节|表述)',
    '(?:无法|不能|难以|未能)(?:回答|确定|判断|找到|得知|确认|提供)',
    '信息不足|没有足够的?信息|找不到|无从得知|不清楚|不包含|不涉及|只字未提',
  ].join('|'),
  'u',
);

// "No further details." on its own is a hedge after an answer, not a gap in it ("no further details
// about the airport's cost" is one): short sentences only.
const HEDGE_MAX_CHARS = 60;
const HEDGE = /\b(?:further|more|additional|other)\s+(?:details?|information|specifics)\b|(?:更多|其他|其它|进一步的?|更详细的?)(?:细节|信息|内容|详情)/iu;

/**
 * True when the text says the statement (or the paragraphs given) does not give something: a refusal when
 * the answer cites nothing, the opening of a partial answer when it goes on to cite what is said.
 */
export function saysNotGiven(text: string): boolean {
  if (!EN_GAP.test(text) && !ZH_GAP.test(text)) return false;
  return !(text.length <= HEDGE_MAX_CHARS && HEDGE.test(text));
}
