import { BooleanInput, Edit, SaveButton, SelectInput, SimpleForm, TextInput, Toolbar, required, useGetIdentity, useRecordContext } from 'react-admin';
import { USER_ROLE_CHOICES } from './user-create';

function OwnAccountNote() {
  const record = useRecordContext();
  const { identity } = useGetIdentity();
  if (!record || String(identity?.id) !== String(record.id)) return null;
  return <p>This is your own account: you cannot disable it or give up its admin role.</p>;
}

/** Change a user's name and role, or deactivate them (a disabled user's sessions end at once). */
export function UserEdit() {
  return (
    <Edit title="Edit user" mutationMode="pessimistic">
      <SimpleForm sx={{ maxWidth: 520 }} toolbar={<Toolbar><SaveButton /></Toolbar>}>
        <OwnAccountNote />
        <TextInput source="email" label="E-mail" disabled />
        <TextInput source="name" validate={required()} />
        <SelectInput source="role" choices={USER_ROLE_CHOICES} validate={required()} />
        <BooleanInput source="disabled" label="Deactivated (cannot sign in)" />
      </SimpleForm>
    </Edit>
  );
}
