import { createContext, useContext } from 'react';
import type { GrownNodeData, NodeData, ServiceNodeData } from './buildGraph';

/** What each node shows as of the moment on screen (`nodeData`), provided around the graph. */
export const NodeDataContext = createContext<NodeData>(new Map());

export function useServiceData(id: string): ServiceNodeData | undefined {
  const data = useContext(NodeDataContext).get(id);
  return data && 'inbox' in data ? (data as ServiceNodeData) : undefined;
}

export function useGrownData(id: string): GrownNodeData | undefined {
  const data = useContext(NodeDataContext).get(id);
  return data && 'kind' in data ? (data as GrownNodeData) : undefined;
}
