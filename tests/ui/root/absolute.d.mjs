import hostname from '/etc/hostname'
export default hostname
