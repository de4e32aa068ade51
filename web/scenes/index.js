// index.js — registers every scene element (re-exports only).
export { SceneDotElement } from './scene-dot.js';
export { SceneWeightsElement } from './scene-weights.js';
export { SceneSumElement } from './scene-sum.js';
export { SceneSelfElement } from './scene-self.js';
export { SceneCostElement } from './scene-cost.js';
export { SceneGradElement } from './scene-grad.js';
