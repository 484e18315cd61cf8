import { BooleanInput, Create, Edit, SelectInput, SimpleForm, TextInput, required, useRecordContext } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { SCHEDULE_ACTIONS } from './schedule-actions';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The action's one parameter: the model kind to retrain, or the campaign to launch. */
function ActionParams() {
  const action = useWatch({ name: 'action' });
  if (action === 'retrain') return <SelectInput source="params.kind" label="Model" choices={[{ id: 'response', name: 'response' }, { id: 'segment', name: 'segment classifier' }]} validate={required()} />;
  if (action === 'campaign') return <TextInput source="params.campaignId" label="Campaign id" validate={required()} />;
  return null;
}

function ScheduleFields() {
  return (
    <>
      <TextInput source="name" validate={required()} fullWidth />
      <SelectInput source="action" choices={SCHEDULE_ACTIONS} validate={required()} />
      <ActionParams />
      <TextInput source="cron" validate={required()} helperText="minute hour day month weekday, e.g. 0 3 * * * (every day at 03:00)" />
      <TextInput source="timeZone" label="Time zone" validate={required()} helperText="IANA name, e.g. Europe/London" />
      <BooleanInput source="enabled" />
    </>
  );
}

/** Numbers typed in a text box go to the API as numbers. */
const transform = (data: Record<string, unknown>) => {
  const params = (data.params ?? {}) as Record<string, unknown>;
  const cleaned = data.action === 'campaign' ? { campaignId: Number(params.campaignId) } : data.action === 'retrain' ? { kind: params.kind } : {};
  return { ...data, params: cleaned };
};

export function ScheduleCreate() {
  return (
    <Create redirect="show" transform={transform}>
      <SimpleForm defaultValues={{ action: 'refresh', cron: '0 3 * * *', timeZone: browserZone(), enabled: true }}>
        <ScheduleFields />
      </SimpleForm>
    </Create>
  );
}

function EditTitle() {
  const record = useRecordContext<{ name: string }>();
  return <span>Schedule {record?.name}</span>;
}

export function ScheduleEdit() {
  return (
    <Edit redirect="show" transform={transform} mutationMode="pessimistic" title={<EditTitle />}>
      <SimpleForm>
        <ScheduleFields />
      </SimpleForm>
    </Edit>
  );
}
