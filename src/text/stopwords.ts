/*
 * One stop-word list per language, shared by the lexicon, indexing, retrieval, answering and claim
 * checking. A stop word carries no topic: function words, question words, and words about the
 * document itself ("statement", "paragraph", 声明, 提到). Words that name the KIND of answer wanted
 * (stance, role, 立场, 作用) are not here: question analysis reads them.
 */

const words = (s: string): Set<string> => new Set(s.split(/\s+/u).filter(Boolean));

/** Chinese function words, question words and words about the document. */
export const ZH_STOPWORDS: ReadonlySet<string> = words(`
  什么 有何 何种 何处 哪些 哪个 哪种 哪几种 哪几 哪两 哪两种 哪三 哪里 哪儿 哪 谁 如何 怎样 怎么 怎么样 为何 为什么 是否 多少 几 几种 几项 几个
  吗 呢 吧 啊 呀 嘛 了 的 地 得 之 是 在 和 与 及 或 对 把 被 将 有 没有 都 也 还 又 就 等 以及 其 该 这 那 这些 那些 此 其中
  分别 各自 一共 共 声明 声明中 联合声明 文件 提到 提及 涉及 表示 指出 说 讲 讲到 谈到 说到 表述 内容 关于 方面 问题 地方 上 下 里 中
  作 作出 进行 看待 打算 据 根据 按照 此次 这次 本次 是不是 有没有 一下 请 请问 介绍 具体 主要 哪些方面 一些 啥 咋 咋样 么
  我 我们 你 你们 他 他们 它 它们 这边 那边 这里 那里 这儿 那儿 此处 想 知道 告诉 一个 个 到底 究竟 这份 那份 份 篇 里面 当中 方 两方
  这块 这块儿 那块 块儿 儿 之类 之类的 一类 有啥 说法 这种 那种 这样 那样 这么 那么 咋 咋样 咋回事 怎么回事 是啥 干啥 为啥
  这回 这一回 这趟 这一次 此番 干嘛 干啥 干什么 为了啥 才能 才 能够 可以 需要 必须 得以 是否能
  现在 如今 眼下 目前为止 一直 还是 就是 也就是 大概 大约 可能 应该 是否会 会 能 要 该怎么 哪方面 哪些方面 啥样 什么样
`);

/** English function words, question words and words about the document. */
export const EN_STOPWORDS: ReadonlySet<string> = words(`
  a an the and or but if of to in on at by for with from as is are was were be been being am do does did done
  have has had having this that these those it its it's they them their there here what which who whom whose
  when where why how many much whether not no nor so than too very can could will would shall should may might must
  about into over under again further then once all any both each few more most other some such only own same
  just also i me my we our you your he him his she her us e.g etc eg lit abbr fig sb sth something
  someone says say said statement document paragraph paragraphs text according two sides side regarding
  exactly precisely actually really specifically
  tell mention mentioned mentions describe described describes way ways kind kinds between among
  speak speaks spoke talk talks thing things please know anything does doesn't did didn't isn't aren't
  what's whats who's let get got give gave make made take took put
`);

/** True for English words that carry no topic. */
export function isEnglishStopword(word: string): boolean {
  return EN_STOPWORDS.has(word);
}

/** True for Chinese words that carry no topic. */
export function isChineseStopword(word: string): boolean {
  return ZH_STOPWORDS.has(word);
}

/**
 * Words a paraphrase adds around what it says ("双方表示", "进一步", "此外"): a claim checked against the
 * statement is not held to them.
 */
export const ZH_FILLER: ReadonlySet<string> = words(`双方 两国 中方 巴方 表示 指出 认为 强调 提到 提及 声明 联合 新闻 段落 其中 此外 另外 同时 以及 并且 而且 包括 包含 主要 方面 进行
   有关 相关 关于 对于 通过 此次 这次 本次 这些 那些 这个 那个 一些 已经 将会 可以 能够 应该 继续 进一步 积极 共同 一致 同意 决定 愿意
   希望 致力 致力于 宣布 重申 问题 内容 具体 方式 问题上 领域 之间 以来 目前 当前 今年`);

/** Words an English paraphrase or translation adds around the content ("took place", "held", "various"). */
export const EN_FILLER: ReadonlySet<string> = words('took take taken takes place held hold holds made make makes various several including include includes well also');
