import { attrString } from '../../onnx/attributes';
import { UnsupportedOpError, type VjpRule } from '../rule';

/**
 * y = data with y[indices[k]] = updates[k] (reduction 'none'): d data = dy with the written
 * positions zeroed (ScatterND of zeros), d updates = GatherND(dy, indices). With reduction 'add',
 * y = data + scattered updates, so d data = dy. torch exports index_put_ as ScatterND.
 */
export const scatterNDGrad: VjpRule = {
  opType: 'ScatterND',
  differentiableInputs: [0, 2],
  grad: ({ b, node, dy, needs }) => {
    const [indices, updates] = [node.inputs[1]!, node.inputs[2]!];
    const reduction = attrString(node, 'reduction', 'none');
    if (reduction !== 'none' && reduction !== 'add')
      throw new UnsupportedOpError('ScatterND', node.name, `reduction '${reduction}' (only 'none' and 'add' have a gradient rule)`);
    let dData: string | undefined;
    if (needs[0]) dData = reduction === 'add' ? dy : b.op('ScatterND', [dy, indices, b.op('ConstantOfShape', [b.shape(updates)])]);
    return [dData, undefined, needs[2] ? b.op('GatherND', [dy, indices]) : undefined];
  },
};
