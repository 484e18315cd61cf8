import { Create, email, minLength, PasswordInput, required, SelectInput, SimpleForm, TextInput } from 'react-admin';

export const USER_ROLE_CHOICES = [
  { id: 'admin', name: 'Admin: everything, including users and audit' },
  { id: 'marketer', name: 'Marketer: segments, audiences, campaigns' },
  { id: 'analyst', name: 'Analyst: data, segmentation and models' },
];

/** Client checks are a convenience; the server validates again and its messages land on the fields. */
export function UserCreate() {
  return (
    <Create redirect="list" title="New user">
      <SimpleForm sx={{ maxWidth: 520 }}>
        <TextInput source="email" label="E-mail" type="email" validate={[required(), email()]} />
        <TextInput source="name" validate={required()} />
        <SelectInput source="role" choices={USER_ROLE_CHOICES} defaultValue="analyst" validate={required()} />
        <PasswordInput source="password" helperText="At least 8 characters" validate={[required(), minLength(8)]} />
      </SimpleForm>
    </Create>
  );
}
