import ModelTrainingIcon from '@mui/icons-material/ModelTraining';
import type { ResourceModule } from '../resource-module';
import { ModelList } from './model-list';
import { ModelShow } from './model-show';
import { ModelTrain } from './model-train';
import { CUSTOMER_VALUE_FIELDS } from './value-model-detail';

const LIST_FIELDS = 'id kind version status jobId isActive trainingRows testRows createdBy createdAt finishedAt error';
const CURVE = 'x y threshold';

export const models: ResourceModule = {
  name: 'models',
  list: ModelList,
  show: ModelShow,
  create: ModelTrain,
  icon: ModelTrainingIcon,
  recordRepresentation: (record) => `${record.kind} v${record.version ?? '?'}`,
  options: { label: 'Models' },
  api: {
    type: 'Model',
    plural: 'Models',
    filterType: 'ModelFilter',
    listFields: LIST_FIELDS,
    detailFields: `${LIST_FIELDS} params featureNames
      hyperparameters { nEstimators maxDepth minSamplesLeaf minSamplesSplit maxFeatures classWeight bootstrap criterion seed }
      evaluation { task trainingRows testRows threshold positiveRate accuracy precision recall f1 rocAuc prAuc logLoss oobScore
        confusionMatrix { labels names matrix } perClass { label name precision recall f1 support }
        rocCurve { ${CURVE} } prCurve { ${CURVE} } calibration { lower upper count meanPredicted fractionPositive }
        lift { decile count positives responseRate lift cumulativeGain cumulativeLift }
        featureImportance { feature impurity permutationMean permutationStd }
        crossValidation { folds metric mean std } }
      upliftEvaluation
      ${CUSTOMER_VALUE_FIELDS}`,
  },
};
