import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

// Characters and words from the statement's world, plus the e5 prefix words so prefixed texts tokenise.
const CHINESE_CHARS = [...'中国巴基斯坦经济走廊合作联声明发展安全贸易能源港口瓜达尔伙伴关系和平稳定人民友谊'];
const ENGLISH_WORDS = [
  'china', 'pakistan', 'economic', 'corridor', 'cooperation', 'joint', 'statement', 'the', 'of', 'and',
  'security', 'trade', 'energy', 'port', 'gwadar', 'query', 'passage', ':', '.', ',',
];

const DIMENSION = 16;

/**
 * Writes a tiny, fully offline BERT-shaped model that transformers.js loads like a real one:
 * a static embedding table looked up by `input_ids` (so texts sharing tokens embed close together),
 * a WordPiece tokenizer and a `config.json` with `model_type: "bert"`, under `<dir>/<modelId>/`.
 * The ONNX file is `onnx/model.onnx`, the name transformers.js asks for with dtype `fp32`.
 */
export async function writeTinyBertModel(dir: string, modelId: string): Promise<{ dimension: number; vocab: string[] }> {
  const vocab = [...SPECIAL_TOKENS, ...new Set(CHINESE_CHARS), ...ENGLISH_WORDS];
  const root = join(dir, modelId);
  await mkdir(join(root, 'onnx'), { recursive: true });
  await Promise.all([
    writeFile(join(root, 'onnx', 'model.onnx'), buildOnnxModel(vocab.length, DIMENSION)),
    writeFile(join(root, 'tokenizer.json'), JSON.stringify(buildTokenizerJson(vocab), null, 2)),
    writeFile(join(root, 'tokenizer_config.json'), JSON.stringify(TOKENIZER_CONFIG, null, 2)),
    writeFile(join(root, 'config.json'), JSON.stringify(buildConfig(vocab.length), null, 2)),
  ]);
  return { dimension: DIMENSION, vocab };
}

/** Deterministic values in [-1, 1) (mulberry32), so every run builds the same table. */
function embeddingTable(rows: number, cols: number): number[] {
  let state = 0x5eed1234;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: rows * cols }, () => next() * 2 - 1);
}

function int64Input(name: string): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.INT64,
        shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }] },
      },
    },
  };
}

/**
 * last_hidden_state = Gather(table, input_ids) * Unsqueeze(Cast(attention_mask)).
 * The mask multiply is harmless (pooling masks again) but keeps every graph input consumed.
 */
function buildOnnxModel(vocabSize: number, dimension: number): Uint8Array {
  const graph: onnxProto.onnx.IGraphProto = {
    name: 'tiny-static-embedding',
    initializer: [
      {
        name: 'embedding_table',
        dataType: onnx.TensorProto.DataType.FLOAT,
        dims: [vocabSize, dimension],
        floatData: embeddingTable(vocabSize, dimension),
      },
      { name: 'last_axis', dataType: onnx.TensorProto.DataType.INT64, dims: [1], int64Data: [-1] },
    ],
    node: [
      {
        opType: 'Gather',
        input: ['embedding_table', 'input_ids'],
        output: ['token_embeddings'],
        attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
      },
      {
        opType: 'Cast',
        input: ['attention_mask'],
        output: ['mask_float'],
        attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.FLOAT }],
      },
      { opType: 'Unsqueeze', input: ['mask_float', 'last_axis'], output: ['mask_expanded'] },
      { opType: 'Mul', input: ['token_embeddings', 'mask_expanded'], output: ['last_hidden_state'] },
    ],
    input: [int64Input('input_ids'), int64Input('attention_mask')],
    output: [
      {
        name: 'last_hidden_state',
        type: {
          tensorType: {
            elemType: onnx.TensorProto.DataType.FLOAT,
            shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }, { dimValue: dimension }] },
          },
        },
      },
    ],
  };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'tests/helpers/tiny-onnx-model',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

function buildTokenizerJson(vocab: readonly string[]): unknown {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: { type: 'BertProcessing', sep: ['[SEP]', 3], cls: ['[CLS]', 2] },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((token, id) => [token, id])),
    },
  };
}

const TOKENIZER_CONFIG = {
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  tokenize_chinese_chars: true,
  model_max_length: 512,
  cls_token: '[CLS]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  mask_token: '[MASK]',
};

function buildConfig(vocabSize: number): unknown {
  return {
    model_type: 'bert',
    architectures: ['BertModel'],
    vocab_size: vocabSize,
    hidden_size: DIMENSION,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: DIMENSION,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    pad_token_id: 0,
  };
}
