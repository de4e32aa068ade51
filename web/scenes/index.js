// index.js — registers every scene element (re-exports only).
export { SceneDotElement } from './scene-dot.js';
export { SceneWeightsElement } from './scene-weights.js';
export { SceneSumElement } from './scene-sum.js';
export { SceneSelfElement } from './scene-self.js';
export { SceneCrossElement } from './scene-cross.js';
export { SceneHeadsElement } from './scene-heads.js';
export { SceneCostElement } from './scene-cost.js';
export { SceneGradElement } from './scene-grad.js';
export { SceneTrainElement } from './scene-train.js';
