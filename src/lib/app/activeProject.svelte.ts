import { localData } from '$lib/data/local';
import { readSetting, writeSetting } from '$lib/data/settings';

/** The project the researcher is working in on this device; remembered across reloads. */
export const activeProject = $state<{ id: string | null; ready: boolean }>({ id: null, ready: false });

export async function loadActiveProject(): Promise<void> {
	const { db } = await localData();
	activeProject.id = (await readSetting(db, 'activeProjectId')) ?? null;
	activeProject.ready = true;
}

export async function setActiveProject(id: string | null): Promise<void> {
	const { db } = await localData();
	await writeSetting(db, 'activeProjectId', id);
	activeProject.id = id;
}
