// The products module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { ProductEntity } from './product.entity.js';
export { productLoaders } from './product.loaders.js';
export { ProductResolver } from './product.resolver.js';
export { ProductType } from './product.types.js';
export { CategoryRuleEntity } from './category-rule.entity.js';
export { CategoryRulesResolver } from './category-rules.resolver.js';
export { addCategoryRule, applyCategoryRules, deleteCategoryRule, listCategoryRules, previewCategoryRules, type CategoryRulesOutcome } from './category-rules.service.js';
