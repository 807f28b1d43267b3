import { describe, expect, it } from 'vitest';
import { clusterMemberId, groupByCluster, nextClusterColour, placement } from './clusters';

describe('cluster membership', () => {
	it('derives one membership id per board and entry', () => {
		expect(clusterMemberId('b1', 'e1')).toBe('cm:b1:e1');
		expect(clusterMemberId('b2', 'e1')).not.toBe(clusterMemberId('b1', 'e1'));
	});

	it('puts an unsorted card into a cluster', () => {
		expect(placement(undefined, 'b1', 'e1', 'c1')).toEqual({ op: 'create', id: 'cm:b1:e1', clusterId: 'c1' });
	});

	it('moves a card between clusters on the same row, never into two', () => {
		expect(placement({ clusterId: 'c1', deleted: 0 }, 'b1', 'e1', 'c2')).toEqual({ op: 'move', id: 'cm:b1:e1', from: 'c1', clusterId: 'c2' });
	});

	it('dropping a card where it is changes nothing', () => {
		expect(placement({ clusterId: 'c1', deleted: 0 }, 'b1', 'e1', 'c1')).toEqual({ op: 'none' });
		expect(placement(undefined, 'b1', 'e1', null)).toEqual({ op: 'none' });
	});

	it('back to the tray removes the membership; a tombstone counts as unsorted', () => {
		expect(placement({ clusterId: 'c1', deleted: 0 }, 'b1', 'e1', null)).toEqual({ op: 'remove', id: 'cm:b1:e1', from: 'c1' });
		expect(placement({ clusterId: 'c1', deleted: 1 }, 'b1', 'e1', 'c1')).toEqual({ op: 'create', id: 'cm:b1:e1', clusterId: 'c1' });
		expect(placement({ clusterId: 'c1', deleted: 1 }, 'b1', 'e1', null)).toEqual({ op: 'none' });
	});

	it('groups a board’s cards; other boards and deleted clusters do not count', () => {
		const entries = [{ id: 'e1' }, { id: 'e2' }, { id: 'e3' }, { id: 'e4' }];
		const members = [
			{ boardId: 'b1', clusterId: 'c1', entryId: 'e1', deleted: 0 as const },
			{ boardId: 'b1', clusterId: 'c1', entryId: 'e2', deleted: 0 as const },
			{ boardId: 'b2', clusterId: 'x', entryId: 'e3', deleted: 0 as const },
			{ boardId: 'b1', clusterId: 'gone', entryId: 'e4', deleted: 0 as const },
			{ boardId: 'b1', clusterId: 'c2', entryId: 'e3', deleted: 1 as const }
		];
		const { unsorted, byCluster } = groupByCluster(entries, members, 'b1', ['c1', 'c2']);
		expect(byCluster.get('c1')!.map((e) => e.id)).toEqual(['e1', 'e2']);
		expect(byCluster.get('c2')).toEqual([]);
		expect(unsorted.map((e) => e.id)).toEqual(['e3', 'e4']);
	});

	it('gives a new cluster the least used colour', () => {
		expect(nextClusterColour([])).toBe('#fde68a');
		expect(nextClusterColour(['#fde68a'])).toBe('#bfdbfe');
	});
});
