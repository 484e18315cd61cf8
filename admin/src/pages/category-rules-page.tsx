import { useState, type FormEvent } from 'react';
import { Alert, Button, Card, CardContent, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { Title, useCanAccess, useNotify } from 'react-admin';
import { graphqlRequest } from '../dataProvider';
import { useGraphQLQuery } from '../dataProvider/use-graphql';

const LIST = '{ categoryRules { id matchKind pattern categoryPath priority createdBy } }';
const ADD = 'mutation AddCategoryRule($input: AddCategoryRuleInput!) { addCategoryRule(input: $input) { id } }';
const DELETE = 'mutation DeleteCategoryRule($id: ID!) { deleteCategoryRule(id: $id) }';
const OUTCOME = 'considered unmatched cleared changed rules { ruleId matched changes }';
const PREVIEW = `{ previewCategoryRules { ${OUTCOME} } }`;
const APPLY = `mutation { applyCategoryRules { ${OUTCOME} } }`;

interface Rule { id: string; matchKind: string; pattern: string; categoryPath: string; priority: number; createdBy: string | null }
interface Outcome { considered: number; unmatched: number; cleared: number; changed: number; rules: Array<{ ruleId: string; matched: number; changes: number }> }

/**
 * Categorisation rules: a keyword or regular expression on product descriptions sets a category.
 * Preview shows how many products each rule would take before anything changes; apply sets them
 * (a category from a catalogue import is never replaced).
 */
export function CategoryRulesPage() {
  const { canAccess: canEdit } = useCanAccess({ resource: 'categoryRules', action: 'create' });
  const { data, refetch } = useGraphQLQuery<{ categoryRules: Rule[] }>(LIST);
  const notify = useNotify();
  const [form, setForm] = useState({ matchKind: 'keyword', pattern: '', categoryPath: '', priority: '0' });
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ applied: boolean; result: Outcome } | null>(null);
  const rules = data?.categoryRules ?? [];
  const countOf = (id: string) => outcome?.result.rules.find((r) => r.ruleId === id);

  const run = async (action: () => Promise<void>) => {
    setError(null);
    try { await action(); } catch (e) { setError((e as Error).message); }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      await graphqlRequest(ADD, { input: { ...form, priority: Number(form.priority) || 0 } });
      setForm({ ...form, pattern: '', categoryPath: '' });
      setOutcome(null);
      refetch();
    });
  };
  const remove = (id: string) => run(async () => { await graphqlRequest(DELETE, { id }); setOutcome(null); refetch(); });
  const preview = () => run(async () => setOutcome({ applied: false, result: (await graphqlRequest<{ previewCategoryRules: Outcome }>(PREVIEW)).previewCategoryRules }));
  const apply = () => run(async () => {
    const result = (await graphqlRequest<{ applyCategoryRules: Outcome }>(APPLY)).applyCategoryRules;
    setOutcome({ applied: true, result });
    notify(`${result.changed} products changed category`, { type: 'info' });
  });

  return (
    <Card sx={{ m: 2 }}>
      <Title title="Category rules" />
      <CardContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          The first rule that matches a product's description (highest priority first) sets its category. Products with a category from a catalogue import keep it.
        </Typography>
        {error && <Alert severity="error" sx={{ mb: 2 }}>{error}</Alert>}
        <Table size="small" aria-label="Category rules">
          <TableHead><TableRow><TableCell>Priority</TableCell><TableCell>Kind</TableCell><TableCell>Pattern</TableCell><TableCell>Category</TableCell><TableCell align="right">Products</TableCell><TableCell align="right">Changes</TableCell><TableCell /></TableRow></TableHead>
          <TableBody>
            {rules.map((rule) => (
              <TableRow key={rule.id}>
                <TableCell>{rule.priority}</TableCell><TableCell>{rule.matchKind}</TableCell><TableCell><code>{rule.pattern}</code></TableCell><TableCell>{rule.categoryPath}</TableCell>
                <TableCell align="right">{countOf(rule.id)?.matched ?? '–'}</TableCell><TableCell align="right">{countOf(rule.id)?.changes ?? '–'}</TableCell>
                <TableCell>{canEdit && <Button size="small" color="error" onClick={() => remove(rule.id)}>Delete</Button>}</TableCell>
              </TableRow>
            ))}
            {rules.length === 0 && <TableRow><TableCell colSpan={7}>No rules yet.</TableCell></TableRow>}
          </TableBody>
        </Table>
        {outcome && (
          <Alert severity={outcome.applied ? 'success' : 'info'} sx={{ mt: 2 }} role="status">
            {outcome.applied ? 'Applied' : 'Preview'}: {outcome.result.considered} products without a catalogue category, {outcome.result.changed} {outcome.applied ? 'changed' : 'would change'}, {outcome.result.unmatched} matched by no rule{outcome.result.cleared ? `, ${outcome.result.cleared} lose a rule's category` : ''}.
          </Alert>
        )}
        <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
          <Button variant="outlined" onClick={preview}>Preview</Button>
          {canEdit && <Button variant="contained" onClick={apply}>Apply</Button>}
        </Stack>
        {canEdit && (
          <Stack component="form" direction="row" spacing={1} sx={{ mt: 3 }} onSubmit={add}>
            <TextField select size="small" label="Kind" value={form.matchKind} onChange={(e) => setForm({ ...form, matchKind: e.target.value })}>
              <MenuItem value="keyword">keyword</MenuItem><MenuItem value="regex">regex</MenuItem>
            </TextField>
            <TextField size="small" label="Pattern" required value={form.pattern} slotProps={{ htmlInput: { maxLength: 200 } }} onChange={(e) => setForm({ ...form, pattern: e.target.value })} />
            <TextField size="small" label="Category path" placeholder="Home > Kitchen" required value={form.categoryPath} onChange={(e) => setForm({ ...form, categoryPath: e.target.value })} />
            <TextField size="small" label="Priority" type="number" value={form.priority} sx={{ width: 100 }} onChange={(e) => setForm({ ...form, priority: e.target.value })} />
            <Button type="submit" variant="contained">Add rule</Button>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
