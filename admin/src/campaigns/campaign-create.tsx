import { Create, DateInput, NumberInput, ReferenceInput, SaveButton, SelectInput, SimpleForm, TextInput, Toolbar, maxValue, minValue, required } from 'react-admin';
import { toChoices } from '../common/format';

/** A date input's YYYY-MM-DD as the API's ISO instant (midnight UTC). */
const utcMidnight = (value: string) => (value ? `${value}T00:00:00.000Z` : null);

/** A campaign from a saved audience, with its costs and the share held out as control. */
export function CampaignCreate() {
  return (
    <Create redirect="show">
      {/* Prefilled from an audience (?source=...), the form may be saved untouched. */}
      <SimpleForm toolbar={<Toolbar><SaveButton alwaysEnable /></Toolbar>} defaultValues={{ channel: 'email', controlShare: 0.2, attributionDays: 14, fixedCost: 0, costPerContact: 0.5, controlSeed: 42 }}>
        <TextInput source="name" validate={required()} fullWidth />
        <SelectInput source="channel" choices={toChoices(['email', 'sms', 'push'])} validate={required()} />
        <ReferenceInput source="audienceId" reference="audiences">
          <SelectInput optionText="name" label="Audience" helperText="Empty: a record of an external send (members come with imported outcomes)" />
        </ReferenceInput>
        <DateInput source="startsAt" label="Planned start" parse={utcMidnight} helperText="The send date is set at launch (now, or back-dated)" />
        <DateInput source="endsAt" label="Planned end" parse={utcMidnight} />
        <NumberInput source="fixedCost" label="Fixed cost" validate={minValue(0)} />
        <NumberInput source="costPerContact" label="Cost per contact" validate={minValue(0)} />
        <NumberInput source="controlShare" label="Control share (0–0.9)" step={0.05} validate={[minValue(0), maxValue(0.99)]} />
        <NumberInput source="attributionDays" label="Attribution window (days)" validate={minValue(1)} />
        <NumberInput source="controlSeed" label="Control seed" />
      </SimpleForm>
    </Create>
  );
}
