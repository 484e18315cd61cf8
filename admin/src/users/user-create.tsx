import {
  Create, email, minLength, PasswordInput, required, SelectInput, SimpleForm, TextInput, useNotify, useRedirect, type RaRecord,
} from 'react-admin';

export const USER_ROLE_CHOICES = [
  { id: 'admin', name: 'Admin: everything, including users and audit' },
  { id: 'marketer', name: 'Marketer: segments, audiences, campaigns' },
  { id: 'analyst', name: 'Analyst: data, segmentation and models' },
];

/** Client checks are a convenience; the server validates again and its messages land on the fields. */
export function UserCreate() {
  const notify = useNotify();
  const redirect = useRedirect();
  const onSuccess = (user: RaRecord) => {
    notify(`User ${user.email} created`, { type: 'success' });
    redirect('list', 'users');
  };
  return (
    <Create title="New user" mutationOptions={{ onSuccess }}>
      <SimpleForm sx={{ maxWidth: 520 }}>
        <TextInput source="email" label="E-mail" type="email" validate={[required(), email()]} />
        <TextInput source="name" validate={required()} />
        <SelectInput source="role" choices={USER_ROLE_CHOICES} defaultValue="analyst" validate={required()} />
        <PasswordInput source="password" helperText="At least 8 characters" validate={[required(), minLength(8)]} />
      </SimpleForm>
    </Create>
  );
}
