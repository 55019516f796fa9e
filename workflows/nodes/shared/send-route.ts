import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

// The item loop the channels' send nodes (WhatsApp, Telegram, Messenger)
// share: each item runs its operation; a failure becomes the node's error item
// with "Continue On Fail" (the shape "Intake → Record Sent" reads), otherwise
// the run stops with the error in Indonesian and the API's detail.

export type SendOperation<C> = { execute(this: IExecuteFunctions, i: number, ctx: C): Promise<INodeExecutionData> };

export interface SendFailure {
	/** The error item: at least `error`, the words shown; the channel adds its codes and verdict. */
	item: IDataObject & { error: string };
	/** The API's detail for the run's error description (HTTP status and code), if any. */
	detail?: string;
}

export async function runSendOperations<C>(
	fns: IExecuteFunctions,
	operations: Record<string, SendOperation<C>>,
	contextFor: (i: number) => C,
	failure: (error: unknown) => SendFailure,
): Promise<INodeExecutionData[][]> {
	const items = fns.getInputData();
	const out: INodeExecutionData[] = [];
	const keep = items.length > 0 && fns.getNodeParameter('includeInputFields', 0, false) === true;
	// The send's own fields win over the input's.
	const withInput = (i: number, json: IDataObject): IDataObject => (keep ? { ...items[i]!.json, ...json } : json);
	for (let i = 0; i < items.length; i++) {
		const name = String(fns.getNodeParameter('operation', i));
		const operation = operations[name];
		try {
			if (!operation) throw new Error(`Operasi "${name}" tidak dikenal.`);
			const result = await operation.execute.call(fns, i, contextFor(i));
			out.push({ ...result, json: withInput(i, result.json) });
		} catch (error) {
			const { item, detail } = failure(error);
			if (fns.continueOnFail()) {
				out.push({ json: withInput(i, item), pairedItem: { item: i } });
				continue;
			}
			throw new NodeOperationError(fns.getNode(), item.error, { itemIndex: i, description: detail });
		}
	}
	return [out];
}

/**
 * «Include Input Fields»: each output item also carries its input item's fields
 * (the send's own fields win), so a node after the send reads everything from
 * `$json`, without going back to an earlier node's item (`$('…').item`) per item.
 */
export const INCLUDE_INPUT_FIELDS_PROPERTY: INodeProperties = {
	displayName: 'Include Input Fields',
	name: 'includeInputFields',
	type: 'boolean',
	default: false,
	description:
		'Whether each output item also keeps the fields of its input item (e.g. replyRowId and media from Kanal Aduan), so the next node can read them with `{{ $json.… }}`',
};

/**
 * «Send From» of the Telegram and Messenger send nodes: the account an item goes out from (`tg:`,
 * `fb:` or `ig:` + id, a desk's own bot or page), for items that carry it elsewhere than their
 * `from` / `phoneNumberId` (a citizen notice's `notice.phoneNumberId`). Empty: the item's own.
 */
export const SEND_FROM_PROPERTY: INodeProperties = {
	displayName: 'Send From',
	name: 'sendFrom',
	type: 'string',
	default: '',
	description:
		'Akun pengirim: bot Telegram (tg:<id bot>) atau Halaman/akun Instagram (fb:<id> / ig:<id>) yang dihubungi warga, mis. `{{ $json.notice.phoneNumberId }}`. Kosongkan untuk memakai `from` / `phoneNumberId` item, lalu akun utama kredensial.',
};

/** The item as the node picks its sending account from: «Send From», when set, is its `from`. */
export function withSendFrom(fns: IExecuteFunctions, i: number, json: IDataObject): IDataObject {
	const chosen = String(fns.getNodeParameter('sendFrom', i, '') ?? '').trim();
	return chosen ? { ...json, from: chosen } : json;
}
